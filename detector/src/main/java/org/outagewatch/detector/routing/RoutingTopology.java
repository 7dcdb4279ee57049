package org.outagewatch.detector.routing;

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
import org.outagewatch.schemas.RouteUpdate;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * Stage 1 for routing, in the DSL (for its repartition topic):
 * <pre>
 * routing-updates (prefix or peer:&lt;address&gt;, RouteUpdate) ─▶ routing-single-repartition (1 partition)
 *     ─▶ routing-visibility [routing-state, global asn-places] ─▶ signal-points (AS&lt;origin&gt;|routing.visible-slash24,
 *                                                                  &lt;country&gt;|routing.visible-slash24)
 * </pre>
 * Per-prefix state would partition by prefix, but whether a peer is full-feed needs its prefix count across all
 * prefixes, and the per-origin counts add up prefixes, so this first version moves every update to one partition
 * and one task ({@link VisibilityProcessor}). That task holds the whole table in memory (measured by
 * {@link RoutingFootprint}) and in the RocksDB store {@value #STATE_STORE} (changelog
 * {@code <application.id>-routing-state-changelog}). Scaling out would keep per-prefix state partitioned by prefix
 * and send only per-peer counts and per-origin deltas to a single aggregating task.
 */
public final class RoutingTopology {
    public static final String SOURCE = "routing-updates-source";
    public static final String REPARTITION = "routing-single";
    public static final String PROCESSOR = "routing-visibility";
    public static final String SINK = "routing-signal-points-sink";
    public static final String STATE_STORE = "routing-state";

    private RoutingTopology() {
    }

    /**
     * Adds the routing visibility stage: windows of {@code windowMillis}, zero points for {@code horizonMillis},
     * countries from the global store {@code asnStore} (asn-metadata, {@code AS<asn>} -> AsnInfo).
     */
    public static void add(final StreamsBuilder builder, final RoutingRules rules, final long windowMillis,
                           final long horizonMillis, final ProgressRules progress, final String asnStore,
                           final TopicCatalog topics) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled().withLoggingEnabled(Map.of()));
        builder.stream(topics.routingUpdates().name(), Consumed.with(topics.routingUpdates().keySerde(),
                        topics.routingUpdates().valueSerde()).withName(SOURCE))
                .repartition(Repartitioned.<String, RouteUpdate>as(REPARTITION)
                        .withKeySerde(topics.routingUpdates().keySerde())
                        .withValueSerde(topics.routingUpdates().valueSerde())
                        .withNumberOfPartitions(1))
                .process(() -> new VisibilityProcessor(STATE_STORE, asnStore, rules, windowMillis, horizonMillis, progress),
                        Named.as(PROCESSOR), STATE_STORE)
                .to(topics.signalPoints().name(), Produced.with(topics.signalPoints().keySerde(),
                        topics.signalPoints().valueSerde()).withName(SINK)
                        .withStreamPartitioner(ProgressPartitioner.signalPoints()));
    }
}
