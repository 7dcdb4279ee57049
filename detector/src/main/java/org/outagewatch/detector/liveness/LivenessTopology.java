package org.outagewatch.detector.liveness;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.outagewatch.detector.processor.WindowRules;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * Stage 1 for vantage liveness:
 * <pre>
 * atlas-connections (AS&lt;asn&gt;, ConnectionEvent) ─▶ probe-liveness [probe-liveness-state]
 *     ─▶ signal-points (AS&lt;asn&gt;|atlas.connected-probes)
 * </pre>
 * Partitioned like its input (by ASN); the store's changelog is {@code <application.id>-probe-liveness-state-changelog}.
 * See {@link LivenessProcessor}.
 */
public final class LivenessTopology {
    public static final String SOURCE = "atlas-connections-source";
    public static final String PROCESSOR = "probe-liveness";
    public static final String SINK = "liveness-signal-points-sink";
    public static final String STATE_STORE = "probe-liveness-state";

    private LivenessTopology() {
    }

    /** Adds the liveness stage to {@code topology}, with windows, grace and active horizon from {@code rules}. */
    public static void add(final Topology topology, final WindowRules rules, final TopicCatalog topics) {
        topology.addSource(SOURCE, topics.atlasConnections().keySerde().deserializer(),
                topics.atlasConnections().valueSerde().deserializer(), topics.atlasConnections().name());
        topology.addProcessor(PROCESSOR, () -> new LivenessProcessor(STATE_STORE, rules), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STATE_STORE), Serdes.String(),
                Serdes.ByteArray()).withLoggingEnabled(Map.of()), PROCESSOR);
        topology.addSink(SINK, topics.signalPoints().name(), topics.signalPoints().keySerde().serializer(),
                topics.signalPoints().valueSerde().serializer(), PROCESSOR);
    }
}
