package org.outagewatch.detector.topology;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.common.CheckedDeserializer;
import org.outagewatch.detector.common.Progress;
import org.outagewatch.detector.history.HistoryStores;
import org.outagewatch.detector.history.RecentRecordsProcessor;
import org.outagewatch.detector.incident.FusionInput;
import org.outagewatch.detector.incident.FusionProgressProcessor;
import org.outagewatch.detector.incident.FusionRules;
import org.outagewatch.detector.incident.IncidentProcessor;
import org.outagewatch.detector.liveness.LivenessProcessor;
import org.outagewatch.detector.rollup.CountryRollupProcessor;
import org.outagewatch.detector.routing.VisibilityProcessor;
import org.outagewatch.detector.signals.ServiceFoldProcessor;
import org.outagewatch.detector.signals.SignalFoldProcessor;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * Stage 3 of the detector, in the DSL (for its repartition topic and global table):
 * <pre>
 * signal-points (entity|signal) ─▶ incident-fusion-progress [incident-fusion-progress] ─┐
 * baseline-scorer's alerts       ──────────────────────────────────────────────────────┴─▶ key "all"
 *     ─▶ incident-fusion-repartition (1 partition)            asn-metadata ─▶ global store [asn-places]
 *     ─▶ incident-fuser [incident-alerts, incident-series, incident-state, incident-clock, incident-pending]
 *     ─▶ incidents (incident id, Incident)
 * </pre>
 * Each stage-2 task turns the writers' progress markers on its signal-points partition into its own marker to the
 * fuser ({@link FusionProgressProcessor}); the fuser holds points and alerts until every stage-2 task has passed
 * their window, then takes them in one fixed order ({@link IncidentProcessor}), so every OPEN, UPDATE and RESOLVED
 * is the same whatever order the partitions arrive in.
 * Fusion needs alerts of different ASNs, countries and services to meet, so every input goes to one partition
 * (key {@value #FUSION_KEY}). This is the scaling limit of stage 3: one task fuses the world. It reads every signal
 * point of an ASN entity (the denominators: which networks were measured, their normal volume, and the outcome
 * counts of service tests), about 500 points/s for 75k ASNs x 2 signals at 5-minute windows, well within one
 * task; sampling connectivity points hourly or keying by country first would cut it further. The
 * {@code signal-points} source is shared with stage 2 ({@link DetectorTopology#SIGNAL_POINTS_SOURCE}).
 */
public final class IncidentTopology {
    public static final String ASN_METADATA_SOURCE = "asn-metadata-source";
    public static final String FUSION_REPARTITION = "incident-fusion";
    public static final String INCIDENT_FUSER = "incident-fuser";
    public static final String INCIDENTS_SINK = "incidents-sink";
    public static final String ASN_STORE = "asn-places";
    public static final String ALERT_STORE = "incident-alerts";
    public static final String SERIES_STORE = "incident-series";
    public static final String INCIDENT_STORE = "incident-state";
    public static final String CLOCK_STORE = "incident-clock";
    /** Stage 3's buffer: points and alerts waiting for the stage-2 markers, the markers, the window released. */
    public static final String PENDING_STORE = "incident-pending";
    /** The stage-2 tasks' store of the writers' markers, for stage 3. */
    public static final String FUSION_PROGRESS_STORE = "incident-fusion-progress";
    public static final String FUSION_PROGRESS = "incident-fusion-progress";
    /** Every group that writes signal-points, whose markers stage 3 waits for. */
    public static final List<String> WRITER_GROUPS = List.of(SignalFoldProcessor.PROBE_GROUP,
            SignalFoldProcessor.TRAFFIC_GROUP, ServiceFoldProcessor.PROGRESS_GROUP, LivenessProcessor.PROGRESS_GROUP, VisibilityProcessor.PROGRESS_GROUP,
            CountryRollupProcessor.PROGRESS_GROUP);
    /** The one key of the fusion partition. */
    public static final String FUSION_KEY = "all";

    private IncidentTopology() {
    }

    /** The {@code signal-points} source that stage 2 and stage 3 share. */
    static KStream<String, SignalPoint> signalPoints(final StreamsBuilder builder, final TopicCatalog topics) {
        return builder.stream(topics.signalPoints().name(), CheckedDeserializer.consumed(topics.signalPoints(), DetectorTopology.SIGNAL_POINTS_SOURCE));
    }

    /** Adds stage 3 over the signal points and stage 2's alerts (as the scorer emits them). */
    static void add(final StreamsBuilder builder, final KStream<String, SignalPoint> points,
                    final KStream<String, OutageAlert> scored, final DetectorSettings settings, final TopicCatalog topics) {
        builder.globalTable(topics.asnMetadata().name(), Consumed.with(topics.asnMetadata().keySerde(),
                        topics.asnMetadata().valueSerde()).withName(ASN_METADATA_SOURCE),
                Materialized.<String, org.outagewatch.schemas.AsnInfo, KeyValueStore<Bytes, byte[]>>as(ASN_STORE)
                        .withKeySerde(topics.asnMetadata().keySerde()).withValueSerde(topics.asnMetadata().valueSerde()));
        builder.addStateStore(store(ALERT_STORE, topics.outageAlerts().valueSerde()));
        builder.addStateStore(store(SERIES_STORE, topics.signalPoints().valueSerde()));
        builder.addStateStore(store(INCIDENT_STORE, topics.incidents().valueSerde()));
        builder.addStateStore(store(CLOCK_STORE, Serdes.Long()));
        builder.addStateStore(store(PENDING_STORE, Serdes.ByteArray()));
        builder.addStateStore(store(FUSION_PROGRESS_STORE, Serdes.ByteArray()));
        final int readers = settings.progress().stage2Tasks();
        final Serde<FusionInput> fusionSerde = FusionInput.serde(topics.signalPoints().valueSerde(),
                topics.signalPoints().name(), topics.outageAlerts().valueSerde(), topics.outageAlerts().name());
        final KStream<String, FusionInput> measured = points
                .filter((key, point) -> point != null && (point.getEntity().startsWith("AS") || Progress.isMarker(point)),
                        Named.as("incident-points-filter"))
                .process(() -> new FusionProgressProcessor(FUSION_PROGRESS_STORE, WRITER_GROUPS, readers),
                        Named.as(FUSION_PROGRESS), FUSION_PROGRESS_STORE);
        final KStream<String, FusionInput> alerts = scored
                .filter((key, alert) -> alert != null, Named.as("incident-alerts-filter"))
                .mapValues(alert -> (FusionInput) new FusionInput.Alert(alert), Named.as("incident-alerts"));
        final FusionRules rules = FusionRules.DEFAULTS.withStep(settings.windowSize().toMillis());
        final long recovery = (settings.resolveWindows() - 1L) * settings.windowSize().toMillis();
        final KStream<String, Incident> incidents = measured.merge(alerts, Named.as("incident-inputs"))
                .selectKey((key, value) -> FUSION_KEY, Named.as("incident-fusion-key"))
                .repartition(Repartitioned.<String, FusionInput>as(FUSION_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(fusionSerde).withNumberOfPartitions(1))
                .process(() -> new IncidentProcessor(rules, recovery, ALERT_STORE, SERIES_STORE, INCIDENT_STORE, CLOCK_STORE,
                        ASN_STORE, PENDING_STORE, fusionSerde), Named.as(INCIDENT_FUSER), ALERT_STORE, SERIES_STORE,
                        INCIDENT_STORE, CLOCK_STORE, PENDING_STORE);
        incidents.to(topics.incidents().name(), Produced.with(topics.incidents().keySerde(), topics.incidents().valueSerde())
                        .withName(INCIDENTS_SINK));
        // the API's open and recent incidents (the fuser's own store keeps the open ones only)
        builder.addStateStore(HistoryStores.incidentHistory(topics.incidents().valueSerde()));
        incidents.process(() -> new RecentRecordsProcessor<>(HistoryStores.INCIDENT_HISTORY, HistoryStores.RETENTION,
                Incident::getIncidentId, HistoryStores::endOf), Named.as(HistoryStores.INCIDENT_RECORDER),
                HistoryStores.INCIDENT_HISTORY);
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(final String name, final Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withLoggingEnabled(Map.of());
    }
}
