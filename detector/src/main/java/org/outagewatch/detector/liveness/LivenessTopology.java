package org.outagewatch.detector.liveness;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.outagewatch.detector.common.ProgressPartitioner;
import org.outagewatch.detector.common.ProgressRules;
import org.outagewatch.detector.common.WindowRules;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * Stage 1 for vantage liveness, in the DSL (for its repartition topic):
 * <pre>
 * atlas-connections (AS&lt;asn&gt;, ConnectionEvent) ─▶ liveness-single-repartition (1 partition)
 *     ─▶ probe-liveness [probe-liveness-state] ─▶ signal-points (AS&lt;asn&gt;|atlas.connected-probes)
 * </pre>
 * One partition and one task, because a probe that connects from another ASN must leave the roster of the one it
 * left, and its two ASNs may hash to different partitions; RIPE Atlas has about 12,000 probes and a few connection
 * events per probe a day, so one task is far from its limit. The store's changelog is
 * {@code <application.id>-probe-liveness-state-changelog}. See {@link LivenessProcessor}.
 */
public final class LivenessTopology {
    public static final String SOURCE = "atlas-connections-source";
    public static final String REPARTITION = "liveness-single";
    public static final String PROCESSOR = "probe-liveness";
    public static final String SINK = "liveness-signal-points-sink";
    public static final String STATE_STORE = "probe-liveness-state";

    private LivenessTopology() {
    }

    /** Adds the liveness stage, with windows, grace and active horizon from {@code rules}. */
    public static void add(final StreamsBuilder builder, final WindowRules rules, final ProgressRules progress,
                           final TopicCatalog topics) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STATE_STORE), Serdes.String(),
                Serdes.ByteArray()).withLoggingEnabled(Map.of()));
        builder.stream(topics.atlasConnections().name(), Consumed.with(topics.atlasConnections().keySerde(),
                        topics.atlasConnections().valueSerde()).withName(SOURCE))
                .repartition(Repartitioned.<String, ConnectionEvent>as(REPARTITION)
                        .withKeySerde(topics.atlasConnections().keySerde())
                        .withValueSerde(topics.atlasConnections().valueSerde())
                        .withNumberOfPartitions(1))
                .process(() -> new LivenessProcessor(STATE_STORE, rules, progress), Named.as(PROCESSOR), STATE_STORE)
                .to(topics.signalPoints().name(), Produced.with(topics.signalPoints().keySerde(),
                        topics.signalPoints().valueSerde()).withName(SINK)
                        .withStreamPartitioner(ProgressPartitioner.signalPoints()));
    }
}
