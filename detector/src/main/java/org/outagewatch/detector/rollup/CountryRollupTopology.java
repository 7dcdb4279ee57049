package org.outagewatch.detector.rollup;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.common.Progress;
import org.outagewatch.detector.common.ProgressPartitioner;
import org.outagewatch.detector.liveness.LivenessProcessor;
import org.outagewatch.detector.signals.FoldedSignal;
import org.outagewatch.detector.signals.ServiceFoldProcessor;
import org.outagewatch.detector.signals.SignalFoldProcessor;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * Country points from ASN points, in the DSL (for its repartition topic):
 * <pre>
 * signal-points (AS&lt;asn&gt;[/&lt;service&gt;]|&lt;signal&gt;, progress/&lt;group&gt;|&lt;task&gt;) ─▶ country-rollup-filter
 *     ─▶ country-rollup-keyer [global asn-places, country-rollup-progress]
 *     ─▶ country-rollup-repartition (&lt;CC&gt;[/&lt;service&gt;]|&lt;signal&gt;; markers to every partition)
 *     ─▶ country-rollup-summer [country-rollup-state] ─▶ signal-points (&lt;CC&gt;[/&lt;service&gt;]|&lt;signal&gt;,
 *                                                         progress/country-rollup|&lt;task&gt;)
 * </pre>
 * A country window closes when the progress markers of every stage-2 task say the window's points are all in
 * (see {@link org.outagewatch.detector.common.Progress}), so the sums are exact under any skew between tasks.
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
    /** The keyer's store: the progress markers of the stage-1 writers, per stage-2 task. */
    public static final String PROGRESS_STORE = "country-rollup-progress";
    /** The writer groups whose points are rolled up, and whose markers close country windows. */
    public static final List<String> WRITER_GROUPS = List.of(SignalFoldProcessor.PROBE_GROUP,
            SignalFoldProcessor.TRAFFIC_GROUP, ServiceFoldProcessor.PROGRESS_GROUP, LivenessProcessor.PROGRESS_GROUP);
    private static final Map<String, String> GROUP_OF_SIGNAL = Map.of(
            FoldedSignal.TRAFFIC_VOLUME.id(), SignalFoldProcessor.TRAFFIC_GROUP,
            FoldedSignal.PROBE_REACHABLE.id(), SignalFoldProcessor.PROBE_GROUP,
            ServiceFoldProcessor.SIGNAL, ServiceFoldProcessor.PROGRESS_GROUP,
            LivenessProcessor.SIGNAL, LivenessProcessor.PROGRESS_GROUP);

    private CountryRollupTopology() {
    }

    /**
     * Adds the rollup over {@code points} (the shared signal-points stream); countries come from the asn-metadata
     * global store {@code asnStore} ({@code AS<asn>} -> AsnInfo), which the caller adds to {@code builder}.
     */
    public static void add(final StreamsBuilder builder, final KStream<String, SignalPoint> points, final String asnStore,
                           final DetectorSettings settings, final TopicCatalog topics) {
        final long windowMillis = settings.windowSize().toMillis();
        final int stage2Tasks = settings.progress().stage2Tasks();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STATE_STORE), Serdes.String(),
                Serdes.ByteArray()).withLoggingEnabled(Map.of()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PROGRESS_STORE), Serdes.String(),
                Serdes.ByteArray()).withLoggingEnabled(Map.of()));
        points.filter((key, point) -> rolledUp(point, windowMillis) || Progress.isMarker(point), Named.as(FILTER))
                .process(() -> new CountryKeyProcessor(asnStore, PROGRESS_STORE, stage2Tasks), Named.as(KEYER),
                        PROGRESS_STORE)
                .repartition(Repartitioned.<String, RollupInput>as(REPARTITION)
                        .withKeySerde(topics.signalPoints().keySerde())
                        .withValueSerde(RollupInput.serde(topics.signalPoints().valueSerde(), topics.signalPoints().name()))
                        .withStreamPartitioner(new ProgressPartitioner<>(input -> input instanceof RollupInput.Mark)))
                .process(() -> new CountryRollupProcessor(STATE_STORE, windowMillis, stage2Tasks), Named.as(SUMMER),
                        STATE_STORE)
                .to(topics.signalPoints().name(), Produced.with(topics.signalPoints().keySerde(),
                        topics.signalPoints().valueSerde()).withName(SINK)
                        .withStreamPartitioner(ProgressPartitioner.signalPoints()));
    }

    /** The writer group whose markers close the country windows of {@code signal}, or null when not rolled up. */
    public static String groupOf(final String signal) {
        return signal == null ? null : GROUP_OF_SIGNAL.get(signal);
    }

    /** True for an ASN-level point of a rolled-up signal over one window of stage 1's size. */
    static boolean rolledUp(final SignalPoint point, final long windowMillis) {
        return point != null && RollupRule.of(point.getSignal()) != null && CountryEntity.parse(point.getEntity()) != null
                && point.getWindowEnd().toEpochMilli() - point.getWindowStart().toEpochMilli() == windowMillis;
    }
}
