package org.outagewatch.schemas.topic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up check of every writer (ingest, the detector): a topic we write must not delete what we write.
 * Our records are stamped with their event time, which for replayed history may be years old; a delete-policy
 * topic with {@code message.timestamp.type=CreateTime} and a finite {@code retention.ms} deletes such records as
 * soon as the broker's retention check runs. A topic is refused when all three hold; the fix is
 * {@code message.timestamp.type=LogAppendTime} (retention counts from ingestion; how we create our topics) or
 * {@code retention.ms=-1}. Missing topics are not checked (whoever creates them decides; ours are created right), nor
 * topics whose configs we may not describe (a warning says what to make sure of).
 */
public final class RetentionCheck {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionCheck.class);

    private RetentionCheck() {
    }

    /**
     * The problem of one topic's effective configuration, if any: a one-line message naming the topic, its settings
     * and the fix.
     */
    public static Optional<String> problem(final String topic, final Map<String, String> configs) {
        final String timestampType = configs.getOrDefault(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                TimestampType.CREATE_TIME.name);
        final String policy = configs.getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        final long retentionMs = parseLong(configs.get(TopicConfig.RETENTION_MS_CONFIG), Duration.ofDays(7).toMillis());
        final boolean deletes = List.of(policy.replace(" ", "").split(",")).contains(TopicConfig.CLEANUP_POLICY_DELETE);
        if (!TimestampType.CREATE_TIME.name.equals(timestampType) || retentionMs < 0 || !deletes) {
            return Optional.empty();
        }
        return Optional.of("Topic " + topic + " would delete what outagewatch writes to it: "
                + TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG + "=" + timestampType + ", "
                + TopicConfig.RETENTION_MS_CONFIG + "=" + retentionMs + " (" + TopicLayout.durationText(retentionMs) + "), "
                + TopicConfig.CLEANUP_POLICY_CONFIG + "=" + policy
                + ", and our records carry their event time, which may be years old. Fix: kafka-configs"
                + " --bootstrap-server HOST:PORT --alter --entity-type topics --entity-name " + topic
                + " --add-config " + TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG + "=" + TimestampType.LOG_APPEND_TIME.name
                + " (or " + TopicConfig.RETENTION_MS_CONFIG + "=-1)");
    }

    /**
     * Describes the existing ones of {@code topics} and returns the one-line refusal for those that would delete
     * what we write (the first in full, the others named), or empty when all are fine or missing.
     *
     * @throws IllegalStateException when the cluster cannot be asked within {@code timeout}
     */
    public static Optional<String> check(final Admin admin, final Collection<String> topics, final Duration timeout)
            throws InterruptedException {
        final Map<String, KafkaFuture<Config>> futures = new LinkedHashMap<>();
        final Map<ConfigResource, KafkaFuture<Config>> described = admin.describeConfigs(topics.stream()
                .distinct().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).values();
        described.forEach((resource, future) -> futures.put(resource.name(), future));
        final List<String> problems = new ArrayList<>();
        final List<String> refused = new ArrayList<>();
        for (final String topic : topics.stream().distinct().toList()) {
            final Config config;
            try {
                config = futures.get(topic).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    LOG.debug("Not checking the retention of {}: it does not exist", topic);
                    continue;
                }
                if (e.getCause() instanceof AuthorizationException) {
                    LOG.warn("Cannot check the retention of topic {}: not allowed to describe its configs ({}). Make sure it"
                            + " has message.timestamp.type=LogAppendTime or retention.ms=-1, or old event times are deleted"
                            + " on arrival", topic, e.getCause().getMessage());
                    continue;
                }
                throw new IllegalStateException("Cannot read the settings of topic " + topic + ": "
                        + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Cannot read the settings of topic " + topic + " within " + timeout, e);
            }
            final Map<String, String> values = new LinkedHashMap<>();
            for (final ConfigEntry entry : config.entries()) {
                if (entry.value() != null) {
                    values.put(entry.name(), entry.value());
                }
            }
            problem(topic, values).ifPresent(message -> {
                problems.add(message);
                refused.add(topic);
            });
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        final String first = problems.get(0);
        return Optional.of(refused.size() == 1 ? first
                : first + "; also refused, same fix: " + String.join(", ", refused.subList(1, refused.size())));
    }

    private static long parseLong(final String value, final long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
