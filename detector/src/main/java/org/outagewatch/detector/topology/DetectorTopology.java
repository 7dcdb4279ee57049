package org.outagewatch.detector.topology;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.baseline.BaselineProcessor;
import org.outagewatch.detector.common.CheckedDeserializer;
import org.outagewatch.detector.common.Progress;
import org.outagewatch.detector.common.ProgressPartitioner;
import org.outagewatch.detector.feedhealth.FeedHealthProcessor;
import org.outagewatch.detector.feedhealth.FeedSummary;
import org.outagewatch.detector.history.HistoryStores;
import org.outagewatch.detector.history.RecentRecordsProcessor;
import org.outagewatch.detector.history.SeriesHistoryProcessor;
import org.outagewatch.detector.liveness.LivenessTopology;
import org.outagewatch.detector.rollup.CountryRollupTopology;
import org.outagewatch.detector.routing.RoutingTopology;
import org.outagewatch.detector.signals.ServiceFoldProcessor;
import org.outagewatch.detector.signals.SignalFoldProcessor;
import org.outagewatch.detector.signals.SignalFoldStoreBuilder;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * The detector's topology, as a pure function of its settings and the topic catalog (no I/O, no topic creation).
 *
 * <pre>
 * stage 1  probe-results (entity, ProbeResult) ─▶ probe-folder [probe-accumulators] ─▶ signal-points
 *                                          └─▶ service-folder [service-accumulators] (tests with a service) ─▶ signal-points
 *          traffic-samples (entity, TrafficSample) ─▶ traffic-folder [traffic-accumulators] ─▶ signal-points
 *              (a sub-topology of its own: its own tasks, store and clock, see {@link SignalFoldProcessor})
 *          atlas-connections ─▶ liveness-single (1 partition) ─▶ probe-liveness [probe-liveness-state] ─▶ signal-points,
 *              see {@link LivenessTopology}
 *          signal-points of ASNs ─▶ country-rollup (by country) ─▶ country-rollup-summer [country-rollup-state]
 *                                 ─▶ signal-points of countries, see {@link CountryRollupTopology}
 * stage 2  signal-points (entity|signal, SignalPoint) ─▶ series-history-recorder [series-history, reads baseline-models]
 *                    ─▶ baseline-scorer [baseline-models] ─▶ outage-alerts (entity|signal, OutageAlert)
 *                                                         ─▶ alert-history-recorder [alert-history]
 *          (the history stores are for the API, see {@link HistoryStores})
 *          signal-points, feed summaries (feed/&lt;signal&gt;|feed.reporting) ─▶ feed-health [feed-stalls] ─▶ outage-alerts
 *                                                        (one alert per stalled feed, not one per silent network)
 * stage 3  signal points + the scorer's alerts ─▶ incident-fuser (one partition) ─▶ incidents, see {@link IncidentTopology}
 * </pre>
 * Stage 2 reads {@code signal-points} back from Kafka, so series published there by others are scored the same
 * way. Every node and store is named here; a store's changelog is {@code <application.id>-<store>-changelog}.
 */
public final class DetectorTopology {
    public static final String PROBE_RESULTS_SOURCE = "probe-results-source";
    public static final String TRAFFIC_SAMPLES_SOURCE = "traffic-samples-source";
    /** Stage 1 for probe results without a service: {@code probe.reachable} points. */
    public static final String PROBE_FOLDER = SignalFoldProcessor.PROBE_GROUP;
    /** Stage 1 for traffic samples: {@code traffic.volume} points, in a sub-topology of its own. */
    public static final String TRAFFIC_FOLDER = SignalFoldProcessor.TRAFFIC_GROUP;
    /** Stage 1 for service tests (probe results with a service): {@code service.accessible} points. */
    public static final String SERVICE_FOLDER = "service-folder";
    public static final String SIGNAL_POINTS_SINK = "signal-points-sink";
    public static final String TRAFFIC_POINTS_SINK = "traffic-points-sink";
    public static final String SIGNAL_POINTS_SOURCE = "signal-points-source";
    public static final String BASELINE_SCORER = "baseline-scorer";
    public static final String OUTAGE_ALERTS_SINK = "outage-alerts-sink";
    /** Stage 2's split of signal-points: series for the baselines, feed summaries for feed health. */
    public static final String SERIES_POINTS = "series-points";
    public static final String FEED_POINTS = "feed-points";
    /** Stage 2 for feed health: stage 1's feed summaries to one alert per stalled feed. */
    public static final String FEED_HEALTH = "feed-health";
    public static final String ALL_ALERTS = "all-alerts";

    /** Stage 1's store of the probe folds of every series (a {@link org.outagewatch.detector.signals.SignalFoldStore}). */
    public static final String PROBE_STORE = "probe-accumulators";
    /** Stage 1's store of the traffic folds of every series (a {@link org.outagewatch.detector.signals.SignalFoldStore}). */
    public static final String TRAFFIC_STORE = "traffic-accumulators";
    /** Stage 2's store: the encoded baseline model of every series. */
    public static final String MODEL_STORE = "baseline-models";
    /** Stage 1's store of the open windows of service tests, per (ASN, service). */
    public static final String SERVICE_STORE = "service-accumulators";
    /** Stage 2's store of feed stalls, per feed ({@link org.outagewatch.detector.feedhealth.FeedStall}). */
    public static final String FEED_STORE = "feed-stalls";

    private DetectorTopology() {
    }

    public static Topology build(final DetectorSettings settings, final TopicCatalog topics) {
        // stage 3 is DSL (a repartition topic and a global table); stages 1 and 2 are added to the same topology
        final StreamsBuilder builder = new StreamsBuilder();
        final KStream<String, SignalPoint> points = IncidentTopology.signalPoints(builder, topics);
        final KStream<String, OutageAlert> alerts = addBaselines(builder, points, settings, topics);
        IncidentTopology.add(builder, points, alerts, settings, topics);
        CountryRollupTopology.add(builder, points, IncidentTopology.ASN_STORE, settings, topics);
        addRouting(builder, settings, topics);
        addLiveness(builder, settings, topics);
        final Topology topology = builder.build();
        addSignals(topology, settings, topics);
        return topology;
    }

    /**
     * Stage 1: raw events to one signal point per entity, signal and window. Probe results and traffic samples are
     * two sub-topologies, not one: a task reading both topics would wait up to {@code max.task.idle.ms} for the one
     * fetched behind and then process the other ahead of it, so one topic's event times would close the other's
     * windows and its records would come late.
     */
    static void addSignals(final Topology topology, final DetectorSettings settings, final TopicCatalog topics) {
        topology.addSource(PROBE_RESULTS_SOURCE, topics.probeResults().keySerde().deserializer(),
                CheckedDeserializer.probeInput(topics), topics.probeResults().name());
        topology.addProcessor(PROBE_FOLDER, () -> SignalFoldProcessor.probes(PROBE_STORE, settings.windowRules(),
                settings.stallMinSeries(), settings.progress()), PROBE_RESULTS_SOURCE);
        topology.addStateStore(new SignalFoldStoreBuilder(PROBE_STORE), PROBE_FOLDER);
        topology.addProcessor(SERVICE_FOLDER, () -> new ServiceFoldProcessor(SERVICE_STORE, settings.windowRules(),
                        settings.progress()), PROBE_RESULTS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SERVICE_STORE), Serdes.String(),
                Serdes.ByteArray()).withLoggingEnabled(Map.of()), SERVICE_FOLDER);
        topology.addSink(SIGNAL_POINTS_SINK, topics.signalPoints().name(), topics.signalPoints().keySerde().serializer(),
                topics.signalPoints().valueSerde().serializer(), ProgressPartitioner.signalPoints(), PROBE_FOLDER,
                SERVICE_FOLDER);

        topology.addSource(TRAFFIC_SAMPLES_SOURCE, topics.trafficSamples().keySerde().deserializer(),
                CheckedDeserializer.trafficInput(topics), topics.trafficSamples().name());
        topology.addProcessor(TRAFFIC_FOLDER, () -> SignalFoldProcessor.traffic(TRAFFIC_STORE, settings.windowRules(),
                settings.stallMinSeries(), settings.progress()), TRAFFIC_SAMPLES_SOURCE);
        topology.addStateStore(new SignalFoldStoreBuilder(TRAFFIC_STORE), TRAFFIC_FOLDER);
        topology.addSink(TRAFFIC_POINTS_SINK, topics.signalPoints().name(), topics.signalPoints().keySerde().serializer(),
                topics.signalPoints().valueSerde().serializer(), ProgressPartitioner.signalPoints(), TRAFFIC_FOLDER);
    }

    /** Stage 1 for vantage liveness: connection events to connected-probe points, see {@link LivenessTopology}. */
    static void addLiveness(final StreamsBuilder builder, final DetectorSettings settings, final TopicCatalog topics) {
        LivenessTopology.add(builder, settings.windowRules(), settings.progress(), topics);
    }

    /** Stage 1 for routing: route updates to routing visibility points, see {@link RoutingTopology}. */
    static void addRouting(final StreamsBuilder builder, final DetectorSettings settings, final TopicCatalog topics) {
        RoutingTopology.add(builder, settings.routing(), settings.windowSize().toMillis(),
                settings.activeHorizon().toMillis(), settings.progress(), IncidentTopology.ASN_STORE, topics);
    }

    /**
     * Stage 2: signal points to alerts, in the DSL so that stage 3 takes the alerts straight from the scorer (a
     * source on outage-alerts in the same sub-topology would make every stage-2 task wait for that rarely written
     * topic). The signal-points source is {@link IncidentTopology#signalPoints}, shared with stage 3.
     */
    static KStream<String, OutageAlert> addBaselines(final StreamsBuilder builder, final KStream<String, SignalPoint> points,
                                                     final DetectorSettings settings, final TopicCatalog topics) {
        builder.addStateStore(modelStore());
        builder.addStateStore(HistoryStores.seriesHistory(settings.windowSize()));
        builder.addStateStore(HistoryStores.alertHistory(topics.outageAlerts().valueSerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FEED_STORE), Serdes.String(),
                Serdes.ByteArray()).withLoggingEnabled(Map.of()));
        final KStream<String, OutageAlert> alerts = points
                .filterNot((key, point) -> point != null && (FeedSummary.isFeed(point.getEntity()) || Progress.isMarker(point)),
                        Named.as(SERIES_POINTS))
                // the API's series history reads the model just before the scorer uses it (and passes the point on)
                .process(() -> new SeriesHistoryProcessor(MODEL_STORE, HistoryStores.SERIES_HISTORY,
                        settings.modelParameters()), Named.as(HistoryStores.SERIES_RECORDER), MODEL_STORE,
                        HistoryStores.SERIES_HISTORY)
                .process(() -> new BaselineProcessor(MODEL_STORE, settings.modelParameters(),
                        settings.coverageGatedPrefixes(), settings.censusPrefixes()), Named.as(BASELINE_SCORER), MODEL_STORE);
        final KStream<String, OutageAlert> feedAlerts = points
                .filter((key, point) -> point != null && FeedSummary.isFeed(point.getEntity()), Named.as(FEED_POINTS))
                .process(() -> new FeedHealthProcessor(FEED_STORE), Named.as(FEED_HEALTH), FEED_STORE);
        alerts.process(() -> new RecentRecordsProcessor<>(HistoryStores.ALERT_HISTORY, HistoryStores.RETENTION,
                OutageAlert::getAlertId, HistoryStores::endOf), Named.as(HistoryStores.ALERT_RECORDER),
                HistoryStores.ALERT_HISTORY);
        alerts.merge(feedAlerts, Named.as(ALL_ALERTS)).to(topics.outageAlerts().name(), Produced.with(
                topics.outageAlerts().keySerde(), topics.outageAlerts().valueSerde()).withName(OUTAGE_ALERTS_SINK));
        return alerts;
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> modelStore() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODEL_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled()
                .withLoggingEnabled(Map.of());
    }
}
