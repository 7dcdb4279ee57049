package org.outagewatch.detector.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many tasks the writing stages have, read from the partition counts of their input topics when the detector
 * starts, for the progress markers ({@link org.outagewatch.detector.common.ProgressRules}): stage 1 has one task per
 * partition of probe-results and, apart from them, one per partition of traffic-samples; stage 2 and the country
 * rollup one per partition of signal-points. A topic that does not exist yet counts with the catalog's configured partitions (whoever creates
 * it uses them). The counts are fixed for the life of the process: after adding partitions, restart the detector.
 */
public record TaskCounts(int probes, int traffic, int stage2) {
    private static final Logger LOG = LoggerFactory.getLogger(TaskCounts.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Reads the counts from the cluster of {@code settings}. */
    public static TaskCounts read(final Settings settings, final TopicCatalog topics) {
        final Map<String, Object> config = DetectorApp.adminConfig(settings);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "outagewatch-detector-task-counts");
        try (Admin admin = Admin.create(config)) {
            final int probes = partitions(admin, topics.probeResults().name(), topics.probeResults().partitions());
            final int traffic = partitions(admin, topics.trafficSamples().name(), topics.trafficSamples().partitions());
            final int stage2 = partitions(admin, topics.signalPoints().name(), topics.signalPoints().partitions());
            LOG.info("Progress markers: {} stage-1 probe tasks, {} stage-1 traffic tasks, {} stage-2 tasks", probes,
                    traffic, stage2);
            return new TaskCounts(probes, traffic, stage2);
        }
    }

    private static int partitions(final Admin admin, final String topic, final int fallback) {
        try {
            final Map<String, TopicDescription> described = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return described.get(topic).partitions().size();
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return fallback;
            }
            throw new IllegalStateException("Cannot describe topic " + topic + ": " + e.getCause().getMessage(), e);
        } catch (final TimeoutException e) {
            throw new IllegalStateException("Cannot describe topic " + topic + " within " + TIMEOUT.toSeconds()
                    + " s: is the cluster of bootstrap.servers reachable?", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing " + topic, e);
        }
    }
}
