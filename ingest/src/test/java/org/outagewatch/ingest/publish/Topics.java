package org.outagewatch.ingest.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.outagewatch.schemas.ProbeResultBatch;
import org.outagewatch.schemas.TrafficSampleBatch;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;

/** Reads a topic back from the beginning with its catalog serdes, for integration tests. */
public final class Topics {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Topics() {
    }

    /**
     * Reads the events of probe-results or traffic-samples of {@code catalog} until {@code expected} arrived: a batch
     * record ({@code ProbeResultBatch}, {@code TrafficSampleBatch}) gives one record per event, with the batch's key,
     * partition, offset and timestamp, as the adapters write them by default.
     */
    @SuppressWarnings("unchecked")
    public static <V> List<ConsumerRecord<String, V>> readEvents(final String bootstrapServers, final TopicCatalog catalog,
                                                                 final Topic<String, V> topic, final int expected) {
        final Deserializer<Object> values;
        if (topic.name().equals(catalog.probeResults().name())) {
            values = catalog.batches().probeInput();
        } else if (topic.name().equals(catalog.trafficSamples().name())) {
            values = catalog.batches().trafficInput();
        } else {
            throw new IllegalArgumentException(topic.name() + " carries no batches; use read");
        }
        final Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), values)) {
            final List<TopicPartition> partitions = IntStream.range(0, topic.partitions())
                    .mapToObj(p -> new TopicPartition(topic.name(), p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            boolean last = false;
            while (!last) {
                last = out.size() >= expected || System.nanoTime() >= deadline;
                for (final ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    final Object value = record.value();
                    final List<?> events = value instanceof ProbeResultBatch batch ? batch.getResults()
                            : value instanceof TrafficSampleBatch batch ? batch.getSamples() : List.of(value);
                    for (final Object event : events) {
                        out.add(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
                                record.timestampType(), record.serializedKeySize(), record.serializedValueSize(),
                                record.key(), (V) event, record.headers(), record.leaderEpoch()));
                    }
                }
            }
        }
        return out;
    }

    /** Reads until {@code expected} records arrived (or the timeout passed), from every partition. */
    public static <V> List<ConsumerRecord<String, V>> read(final String bootstrapServers, final Topic<String, V> topic,
                                                           final int expected) {
        final Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            final List<TopicPartition> partitions = IntStream.range(0, topic.partitions())
                    .mapToObj(p -> new TopicPartition(topic.name(), p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // one more short poll to catch records beyond the expected count
            consumer.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }
}
