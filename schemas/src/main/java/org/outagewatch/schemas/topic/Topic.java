package org.outagewatch.schemas.topic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its name, its key and value serdes, and how it is laid out and kept. Built once by
 * {@link TopicCatalog}; code never spells a topic name itself.
 *
 * <p>Every topic is created with {@code message.timestamp.type=LogAppendTime}: our records carry their event time
 * in the payload (read by the detector's timestamp extractor), and the broker's retention then counts from the
 * moment a record arrived, so replayed history that is years old is not deleted on arrival. A delete-policy
 * topic keeps {@code retentionMs} (from ingestion); a compacted topic keeps the latest record per key and is
 * created with {@code retention.ms=-1} as well, so that it states its retention even if someone adds
 * {@code delete} to its policy.
 *
 * @param retentionMs how long a delete-policy topic keeps a record after it arrived, {@link #FOREVER} for no limit
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions, boolean compacted,
                          long retentionMs, String doc) {
    /** {@code retention.ms} of a topic that keeps its records for ever. */
    public static final long FOREVER = -1L;

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        if (retentionMs < FOREVER || retentionMs == 0) {
            throw new IllegalArgumentException("retention of " + name + " must be positive or " + FOREVER + ", not " + retentionMs);
        }
    }

    /** The topic-level configuration it is created with: cleanup policy, LogAppendTime timestamps, retention. */
    public Map<String, String> configs() {
        final Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG,
                compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
        configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, TimestampType.LOG_APPEND_TIME.name);
        configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(compacted ? FOREVER : retentionMs));
        return configs;
    }

    /** How the topic keeps its records, for people: {@code compacted}, {@code 7d from ingestion}, {@code forever}. */
    public String retentionText() {
        if (compacted) {
            return "compacted (latest per key)";
        }
        return retentionMs == FOREVER ? "forever" : TopicLayout.durationText(retentionMs) + " from ingestion";
    }
}
