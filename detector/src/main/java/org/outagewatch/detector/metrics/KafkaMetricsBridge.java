package org.outagewatch.detector.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.outagewatch.detector.common.ProcessorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors every numeric metric of a Kafka client (here: Kafka Streams with its consumers and producers) into a
 * Micrometer registry, at every {@link #sync()}: metrics that appeared since (a task's sensors after a rebalance,
 * a producer's per-topic metrics after its first send) are added, metrics that went away are removed. Micrometer's own
 * Kafka binder looks only once a minute, so a scrape after start or a rebalance missed the task and topic metrics.
 * Names: {@code kafka.<group without -metrics>.<name>} (Prometheus: {@code kafka_stream_thread_commit_latency_avg}),
 * with {@code -topic} or {@code -partition} added to the group for per-topic and per-partition metrics
 * ({@code kafka_consumer_fetch_manager_partition_records_lag}), our counters {@code outagewatch.detector.<name>}; tags as Kafka's, with {@code -} made {@code _}; {@code *-total}
 * metrics are counters.
 */
final class KafkaMetricsBridge {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaMetricsBridge.class);
    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final MeterRegistry registry;
    private final Map<MetricName, Bound> bound = new HashMap<>();
    /** Names not exported because taken with other tag keys, each logged once. */
    private final Set<String> skipped = new HashSet<>();

    private record Bound(Metric metric, Meter meter) {
    }

    KafkaMetricsBridge(final Supplier<Map<MetricName, ? extends Metric>> metrics, final MeterRegistry registry) {
        this.metrics = metrics;
        this.registry = registry;
    }

    synchronized void sync() {
        final Map<MetricName, ? extends Metric> now = metrics.get();
        for (final Map.Entry<MetricName, ? extends Metric> entry : now.entrySet()) {
            final Bound old = bound.get(entry.getKey());
            if (old != null && old.metric() == entry.getValue()) {
                continue;
            }
            if (old != null) {
                registry.remove(old.meter());
                bound.remove(entry.getKey());
            }
            if (!(entry.getValue().metricValue() instanceof Number)) {
                continue;
            }
            final Meter meter = register(entry.getKey(), entry.getValue());
            if (meter != null) {
                bound.put(entry.getKey(), new Bound(entry.getValue(), meter));
            }
        }
        final List<MetricName> gone = new ArrayList<>();
        bound.keySet().forEach(name -> {
            if (!now.containsKey(name)) {
                gone.add(name);
            }
        });
        gone.forEach(name -> registry.remove(bound.remove(name).meter()));
    }

    private Meter register(final MetricName name, final Metric metric) {
        String group = name.group().endsWith("-metrics")
                ? name.group().substring(0, name.group().length() - "-metrics".length()) : name.group();
        // one Kafka group can hold a name at client, topic and partition level (the consumer's fetch manager):
        // Prometheus needs one set of tag keys per name, so the level goes into the name
        if (name.tags().containsKey("partition") && !group.contains("partition")) {
            group += "-partition";
        } else if (name.tags().containsKey("topic") && !group.contains("topic")) {
            group += "-topic";
        }
        // Streams puts our sensors in the group stream-<scope>-metrics
        final String base = (group.equals("stream-" + ProcessorMetrics.SCOPE) ? ProcessorMetrics.SCOPE : "kafka." + group)
                + "." + name.name();
        final String dotted = base.replace('-', '.').toLowerCase(Locale.ROOT);
        final List<Tag> tags = new ArrayList<>();
        name.tags().forEach((k, v) -> tags.add(Tag.of(k.replace('-', '_'), v == null ? "" : v)));
        try {
            if (name.name().endsWith("-total")) {
                return FunctionCounter.builder(dotted.substring(0, dotted.length() - ".total".length()), metric,
                                KafkaMetricsBridge::value)
                        .tags(tags).description(name.description()).register(registry);
            }
            return Gauge.builder(dotted, metric, KafkaMetricsBridge::value)
                    .tags(tags).description(name.description()).register(registry);
        } catch (IllegalArgumentException e) {
            // a name already taken with other tag keys: Prometheus cannot hold both; said once per name
            if (skipped.add(dotted)) {
                LOG.debug("Not exported: Kafka metric {} ({}), its name is taken with other tags: {}", name.name(),
                        name.group(), e.getMessage());
            }
            return null;
        }
    }

    private static double value(final Metric metric) {
        final Object value = metric.metricValue();
        return value instanceof Number number ? number.doubleValue() : Double.NaN;
    }
}
