package org.outagewatch.detector.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.outagewatch.detector.topology.IncidentTopology;
import org.outagewatch.schemas.AlertSeverity;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentKind;
import org.outagewatch.schemas.OutageAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector's metrics in Prometheus' text format ({@link #scrape()}, served at {@code /metrics}):
 * <ul>
 *   <li>every Kafka Streams and client metric ({@link KafkaMetricsBridge}), as {@code kafka_stream_*} and
 *       {@code kafka_consumer_*} / {@code kafka_producer_*} (records consumed per topic, records sent per topic (points, alerts, incidents),
 *       consumer lag per partition, commit, process and punctuate latency per thread, and our own counters of late
 *       points, dead letters and skipped records as {@code outagewatch_detector_*}, and the alert latency:
 *       {@code outagewatch_detector_alert_latency_avg} and {@code _max}, wall-clock milliseconds from the closing
 *       of an alert's window to its send, per stage-2 task);</li>
 *   <li>{@code outagewatch_open_alerts{severity}} and {@code outagewatch_open_incidents{kind}}, read from stage 3's
 *       stores on this instance (the one that holds the fusion task; the other instances report 0);</li>
 *   <li>{@code outagewatch_store_entries{store}}: the approximate entries of each key-value store of this
 *       instance's tasks;</li>
 *   <li>the JVM's memory, GC, threads and CPU.</li>
 * </ul>
 * Stage 3's counts are computed at most once a second, however often it is scraped.
 */
public final class DetectorMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorMetrics.class);
    private static final long SNAPSHOT_MILLIS = 1_000;

    private final KafkaStreams streams;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaMetricsBridge kafkaMetrics;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private volatile Snapshot snapshot = new Snapshot(0, Map.of(), Map.of());

    private record Snapshot(long takenAt, Map<AlertSeverity, Long> alerts, Map<IncidentKind, Long> incidents) {
    }

    public DetectorMetrics(final KafkaStreams streams, final Topology topology) {
        this.streams = streams;
        this.kafkaMetrics = new KafkaMetricsBridge(streams::metrics, registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        for (final AlertSeverity severity : AlertSeverity.values()) {
            Gauge.builder("outagewatch.open.alerts", () -> snapshot().alerts().getOrDefault(severity, 0L))
                    .tag("severity", severity.name())
                    .description("Alerts open now (OPEN or UPDATE), as stage 3 of this instance holds them")
                    .register(registry);
        }
        for (final IncidentKind kind : IncidentKind.values()) {
            Gauge.builder("outagewatch.open.incidents", () -> snapshot().incidents().getOrDefault(kind, 0L))
                    .tag("kind", kind.name())
                    .description("Incidents open now, as stage 3 of this instance holds them")
                    .register(registry);
        }
        for (final String store : storeNames(topology)) {
            Gauge.builder("outagewatch.store.entries", () -> entries(store))
                    .tag("store", store)
                    .description("Approximate entries of a key-value store over this instance's tasks")
                    .register(registry);
        }
    }

    /** Everything, in Prometheus' text exposition format (version 0.0.4). */
    public String scrape() {
        kafkaMetrics.sync();
        return registry.scrape();
    }

    /** The content type of {@link #scrape()}. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    private synchronized Snapshot snapshot() {
        final long now = System.currentTimeMillis();
        if (now - snapshot.takenAt() < SNAPSHOT_MILLIS) {
            return snapshot;
        }
        final Map<AlertSeverity, Long> alerts = new EnumMap<>(AlertSeverity.class);
        final Map<IncidentKind, Long> incidents = new EnumMap<>(IncidentKind.class);
        try {
            final ReadOnlyKeyValueStore<String, OutageAlert> alertStore = streams.store(StoreQueryParameters.fromNameAndType(
                    IncidentTopology.ALERT_STORE, QueryableStoreTypes.<String, OutageAlert>keyValueStore()));
            try (KeyValueIterator<String, OutageAlert> all = alertStore.all()) {
                all.forEachRemaining(kv -> {
                    if (kv.value != null && kv.value.getStatus() != AlertStatus.RESOLVED) {
                        alerts.merge(kv.value.getSeverity(), 1L, Long::sum);
                    }
                });
            }
            final ReadOnlyKeyValueStore<String, Incident> incidentStore = streams.store(StoreQueryParameters.fromNameAndType(
                    IncidentTopology.INCIDENT_STORE, QueryableStoreTypes.<String, Incident>keyValueStore()));
            try (KeyValueIterator<String, Incident> all = incidentStore.all()) {
                all.forEachRemaining(kv -> {
                    if (kv.value != null) {
                        incidents.merge(kv.value.getKind(), 1L, Long::sum);
                    }
                });
            }
        } catch (InvalidStateStoreException e) {
            // not running, rebalancing, or stage 3 lives on another instance: this instance has none open
            LOG.debug("Stage 3's stores are not queryable here now: {}", e.getMessage());
        }
        snapshot = new Snapshot(now, alerts, incidents);
        return snapshot;
    }

    private double entries(final String store) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()))
                    .approximateNumEntries();
        } catch (InvalidStateStoreException e) {
            // not running, rebalancing, not on this instance, or not a key-value store (our own signal store)
            return Double.NaN;
        }
    }

    private static List<String> storeNames(final Topology topology) {
        final Set<String> names = new TreeSet<>();
        for (final TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (final TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    names.addAll(processor.stores());
                }
            }
        }
        return List.copyOf(names);
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
