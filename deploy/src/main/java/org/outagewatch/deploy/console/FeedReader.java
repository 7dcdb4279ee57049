package org.outagewatch.deploy.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.topic.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code outage-alerts} and {@code incidents} with one consumer, read-committed (only what the detector's
 * transactions committed), and decodes each record with its topic's serde. Either in a consumer group
 * ({@link #subscribe()}, the demo: a second run goes on where the first stopped) or on every partition without
 * a group ({@link #assign}, {@code watch} and {@code incidents}: nothing is committed). A record that cannot be
 * decoded is skipped, logged with its coordinates and counted, never fatal. Used by one thread; {@link #wakeup()}
 * from any.
 */
public final class FeedReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedReader.class);

    /** Where a reader without a group starts. */
    public sealed interface Start {
        /** The oldest record kept. */
        record Beginning() implements Start {
        }

        /** Only what is written from now on. */
        record End() implements Start {
        }

        /** The first record whose timestamp is at or after {@code epochMillis}. */
        record Since(long epochMillis) implements Start {
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<String, OutageAlert> alerts;
    private final Topic<String, Incident> incidents;
    private final Deserializer<OutageAlert> alertValues;
    private final Deserializer<Incident> incidentValues;
    private long skipped;

    /**
     * @param clientConfig Kafka client settings (bootstrap servers, security); other keys are dropped
     * @param alerts the alerts topic, or null not to read it
     * @param incidents the incidents topic, or null not to read it
     * @param groupId the consumer group, or null for none
     */
    public FeedReader(final Map<String, ?> clientConfig, final Topic<String, OutageAlert> alerts,
                      final Topic<String, Incident> incidents, final String groupId) {
        if (alerts == null && incidents == null) {
            throw new IllegalArgumentException("A feed reader reads alerts, incidents or both");
        }
        final Map<String, Object> config = new HashMap<>();
        clientConfig.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (groupId == null) {
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        } else {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.alerts = alerts;
        this.incidents = incidents;
        this.alertValues = alerts == null ? null : alerts.valueSerde().deserializer();
        this.incidentValues = incidents == null ? null : incidents.valueSerde().deserializer();
    }

    /** Joins the group on both topics (from the oldest record when the group has no offsets yet). */
    public void subscribe() {
        consumer.subscribe(topicNames());
    }

    /**
     * Reads every partition of the topics from {@code start}, without a group.
     *
     * @throws IllegalStateException when a topic does not exist or the cluster does not answer within {@code timeout}
     */
    public void assign(final Start start, final Duration timeout) {
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final String topic : topicNames()) {
            final List<PartitionInfo> infos = LatestPerKey.partitions(consumer, topic, timeout);
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        consumer.assign(partitions);
        if (start instanceof Start.Beginning) {
            consumer.seekToBeginning(partitions);
        } else if (start instanceof Start.End) {
            consumer.seekToEnd(partitions);
        } else if (start instanceof Start.Since since) {
            final Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, since.epochMillis()));
            final Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
            final List<TopicPartition> none = new ArrayList<>();
            for (final TopicPartition p : partitions) {
                final OffsetAndTimestamp at = found.get(p);
                if (at == null) {
                    none.add(p);
                } else {
                    consumer.seek(p, at.offset());
                }
            }
            consumer.seekToEnd(none);
        }
        // resolve the lazy seeks now, so that "from now on" means the end at this moment
        partitions.forEach(consumer::position);
    }

    /** The end offsets of the assigned partitions now (the last stable offset, read-committed). */
    public Map<TopicPartition, Long> endOffsets(final Duration timeout) {
        return consumer.endOffsets(consumer.assignment(), timeout);
    }

    /** Whether this reader has read up to {@code ends} on every partition. */
    public boolean reached(final Map<TopicPartition, Long> ends) {
        for (final Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The next records, decoded; tombstones and records that cannot be decoded are left out. */
    public List<FeedEvent> poll(final Duration timeout) {
        final List<FeedEvent> events = new ArrayList<>();
        for (final ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            if (record.value() == null) {
                continue;
            }
            try {
                if (alerts != null && record.topic().equals(alerts.name())) {
                    events.add(new FeedEvent.AlertEvent(alertValues.deserialize(record.topic(), record.headers(), record.value()),
                            record.timestamp()));
                } else if (incidents != null && record.topic().equals(incidents.name())) {
                    events.add(new FeedEvent.IncidentEvent(incidentValues.deserialize(record.topic(), record.headers(),
                            record.value()), record.timestamp()));
                }
            } catch (RuntimeException e) {
                skipped++;
                LOG.warn("Skipping {}: {}. topic=[{}] partition=[{}] offset=[{}]", "record", "cannot deserialize: " + e.getMessage(),
                        record.topic(), record.partition(), record.offset());
            }
        }
        return events;
    }

    /** Records that could not be decoded. */
    public long skipped() {
        return skipped;
    }

    /** Makes a blocking {@link #poll} return at once (with a {@code WakeupException}). */
    public void wakeup() {
        consumer.wakeup();
    }

    private List<String> topicNames() {
        final List<String> names = new ArrayList<>();
        if (alerts != null) {
            names.add(alerts.name());
        }
        if (incidents != null) {
            names.add(incidents.name());
        }
        return names;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "FeedReader" + Objects.toString(topicNames());
    }
}
