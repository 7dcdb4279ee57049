package org.outagewatch.deploy.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.outagewatch.schemas.topic.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current state of a compacted topic ({@code incidents}, {@code asn-metadata}): read read-committed from the
 * oldest record to the end offsets of when the read started, keeping the latest value per key (a tombstone
 * removes the key). Without a consumer group; nothing is committed. A value that cannot be decoded is skipped,
 * logged with its coordinates.
 */
public final class LatestPerKey {
    private static final Logger LOG = LoggerFactory.getLogger(LatestPerKey.class);

    private LatestPerKey() {
    }

    /**
     * @return key -> latest value, in the order the keys were last written per partition
     * @throws IllegalStateException when the topic does not exist or the end is not reached within {@code timeout}
     */
    public static <V> Map<String, V> read(final Map<String, ?> clientConfig, final Topic<String, V> topic,
                                          final Duration timeout) {
        final Map<String, Object> config = new HashMap<>();
        clientConfig.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k) && !k.equals(ConsumerConfig.GROUP_ID_CONFIG)) {
                config.put(k, v);
            }
        });
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        final Deserializer<V> values = topic.valueSerde().deserializer();
        final long deadline = System.nanoTime() + timeout.toNanos();
        final Map<String, V> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            final List<PartitionInfo> infos = partitions(consumer, topic.name(), timeout);
            final List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            while (!reached(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Did not read " + topic.name() + " to its end within " + timeout.toSeconds() + " s");
                }
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                        continue;
                    }
                    try {
                        latest.remove(record.key());
                        latest.put(record.key(), values.deserialize(record.topic(), record.headers(), record.value()));
                    } catch (RuntimeException e) {
                        LOG.warn("Skipping {}: {}. topic=[{}] partition=[{}] offset=[{}]", "record", "cannot deserialize: "
                                + e.getMessage(), record.topic(), record.partition(), record.offset());
                    }
                }
            }
        }
        return latest;
    }

    /**
     * The partitions of {@code topic}.
     *
     * @throws IllegalStateException when the topic does not exist, or the cluster does not answer within {@code timeout}
     */
    static List<PartitionInfo> partitions(final KafkaConsumer<?, ?> consumer, final String topic, final Duration timeout) {
        final List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, timeout);
        } catch (TimeoutException e) {
            throw new IllegalStateException("No answer from the Kafka cluster within " + timeout.toSeconds()
                    + " s (is bootstrap.servers right?): " + e.getMessage(), e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("Topic " + topic + " does not exist on this cluster (is the detector running there?)");
        }
        return infos;
    }

    private static boolean reached(final KafkaConsumer<String, byte[]> consumer, final Map<TopicPartition, Long> ends) {
        for (final Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
