package org.outagewatch.ingest.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
        return read(bootstrapServers, topic, values, expected, value -> value instanceof ProbeResultBatch batch
                ? (List<V>) batch.getResults() : value instanceof TrafficSampleBatch batch
                ? (List<V>) batch.getSamples() : Collections.singletonList((V) value));
    }

    /** Reads until {@code expected} records arrived (or the timeout passed), from every partition. */
    public static <V> List<ConsumerRecord<String, V>> read(final String bootstrapServers, final Topic<String, V> topic,
                                                           final int expected) {
        return read(bootstrapServers, topic, topic.valueSerde().deserializer(), expected, Collections::singletonList);
    }

    /**
     * Reads every partition from the beginning until {@code expected} values arrived (or the timeout passed), and once
     * more briefly to catch any beyond; {@code values} turns a record's value into the values it holds.
     */
    private static <T, V> List<ConsumerRecord<String, V>> read(final String bootstrapServers, final Topic<String, ?> topic,
                                                               final Deserializer<T> deserializer, final int expected,
                                                               final Function<T, List<V>> values) {
        final Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final List<ConsumerRecord<String, V>> out = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), deserializer)) {
            final List<TopicPartition> partitions = IntStream.range(0, topic.partitions())
                    .mapToObj(p -> new TopicPartition(topic.name(), p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            boolean last = false;
            while (!last) {
                // one more short poll after the expected count (or the timeout) catches records beyond it
                last = out.size() >= expected || System.nanoTime() >= deadline;
                for (final ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(200))) {
                    for (final V value : values.apply(record.value())) {
                        out.add(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
                                record.timestampType(), record.serializedKeySize(), record.serializedValueSize(),
                                record.key(), value, record.headers(), record.leaderEpoch()));
                    }
                }
            }
        }
        return out;
    }
}
