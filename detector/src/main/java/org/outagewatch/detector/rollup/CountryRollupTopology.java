package org.outagewatch.detector.rollup;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * Country points from ASN points, in the DSL (for its repartition topic):
 * <pre>
 * signal-points (AS&lt;asn&gt;[/&lt;service&gt;]|&lt;signal&gt;) ─▶ country-rollup-filter ─▶ country-rollup-keyer [global asn-places]
 *     ─▶ country-rollup-repartition (&lt;CC&gt;[/&lt;service&gt;]|&lt;signal&gt;)
 *     ─▶ country-rollup-summer [country-rollup-state] ─▶ signal-points (&lt;CC&gt;[/&lt;service&gt;]|&lt;signal&gt;)
 * </pre>
 * Only ASN-level points of a signal with a {@link RollupRule} of stage 1's window size are rolled up: not routing
 * (it has its own country points), not series from elsewhere with their own signal ids, not other entities (country
 * points themselves, {@code feed/...} health points). The country's point goes back to {@code signal-points}, so
 * stage 2 scores it like any series. The changelog is {@code <application.id>-country-rollup-state-changelog}; see
 * {@link CountryKeyProcessor} and {@link CountryRollupProcessor}.
 */
public final class CountryRollupTopology {
    public static final String FILTER = "country-rollup-filter";
    public static final String KEYER = "country-rollup-keyer";
    public static final String REPARTITION = "country-rollup";
    public static final String SUMMER = "country-rollup-summer";
    public static final String SINK = "country-rollup-points-sink";
    public static final String STATE_STORE = "country-rollup-state";

    private CountryRollupTopology() {
    }

    /**
     * Adds the rollup over {@code points} (the shared signal-points stream); countries come from the asn-metadata
     * global store {@code asnStore} ({@code AS<asn>} -> AsnInfo), which the caller adds to {@code builder}.
     */
    public static void add(final StreamsBuilder builder, final KStream<String, SignalPoint> points, final String asnStore,
                           final DetectorSettings settings, final TopicCatalog topics) {
        final long windowMillis = settings.windowSize().toMillis();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STATE_STORE), Serdes.String(),
                Serdes.ByteArray()).withLoggingEnabled(Map.of()));
        points.filter((key, point) -> rolledUp(point, windowMillis), Named.as(FILTER))
                .process(() -> new CountryKeyProcessor(asnStore), Named.as(KEYER))
                .repartition(Repartitioned.<String, SignalPoint>as(REPARTITION)
                        .withKeySerde(topics.signalPoints().keySerde())
                        .withValueSerde(topics.signalPoints().valueSerde()))
                .process(() -> new CountryRollupProcessor(STATE_STORE, settings.rollupRules()), Named.as(SUMMER),
                        STATE_STORE)
                .to(topics.signalPoints().name(), Produced.with(topics.signalPoints().keySerde(),
                        topics.signalPoints().valueSerde()).withName(SINK));
    }

    /** True for an ASN-level point of a rolled-up signal over one window of stage 1's size. */
    static boolean rolledUp(final SignalPoint point, final long windowMillis) {
        return point != null && RollupRule.of(point.getSignal()) != null && CountryEntity.parse(point.getEntity()) != null
                && point.getWindowEnd().toEpochMilli() - point.getWindowStart().toEpochMilli() == windowMillis;
    }
}
