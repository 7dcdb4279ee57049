package org.outagewatch.detector.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.detector.testing.PoisonRecords;
import org.outagewatch.detector.testing.PoisonRecords.Poison;
import org.outagewatch.schemas.DeadLetter;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * Poison on every input topic against a real broker, exactly-once (issue 13, part 3): every case becomes one dead
 * letter on ingest-dead-letters whose origin is its topic, partition and offset and whose reason names the rule it
 * broke, counted in {@code dropped-records-total}; the detector stays RUNNING and commits past every input record
 * (the good ones after the poison included). A 10 MiB record only gets onto a topic whose {@code max.message.bytes}
 * allows it: our topics keep the broker's 1 MiB default and the broker refuses it at produce time.
 */
class PoisonInputIntegrationTest {
    private static final int PARTITIONS = 2;
    private static final int HUGE_TOPIC_LIMIT = 16 << 20;

    @Test
    void shouldDeadLetterEveryPoisonOnEveryInputTopicAndCommitPastIt(@TempDir final Path dataDir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final Settings settings = Settings.of(Map.of(
                    Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    Settings.SCHEMA_REGISTRY_URL, "mock://poison-it-" + UUID.randomUUID(),
                    "application.id", "poison-it",
                    DetectorApp.DATA_DIR, dataDir.toString(),
                    DetectorApp.PARTITIONS, String.valueOf(PARTITIONS),
                    "commit.interval.ms", "100"));
            final TopicCatalog topics = DetectorApp.catalog(settings);
            try (Admin admin = kafka.admin()) {
                for (final Topic<String, ?> topic : DetectorApp.requiredTopics(topics)) {
                    final Map<String, String> configs = new HashMap<>(topic.configs());
                    if (topic.equals(topics.probeResults())) {
                        // someone raised this topic's limit: the 10 MiB record gets in, and the detector must refuse it
                        configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(HUGE_TOPIC_LIMIT));
                    }
                    admin.createTopics(List.of(new NewTopic(topic.name(), topic.partitions(), (short) 1).configs(configs)))
                            .all().get(30, TimeUnit.SECONDS);
                }
            }
            final PoisonRecords poisons = new PoisonRecords(topics);
            final Map<String, Poison> byOrigin = publish(kafka, topics, poisons);

            try (DetectorApp app = new DetectorApp(settings)) {
                app.start();
                assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
                final Map<String, DeadLetter> letters = new LinkedHashMap<>();
                final long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                try (KafkaConsumer<String, DeadLetter> consumer = consumer(kafka, topics)) {
                    consumer.subscribe(List.of(topics.deadLetters().name()));
                    while ((letters.size() < byOrigin.size() || !committedToTheEnd(kafka, poisons))
                            && System.nanoTime() < deadline && app.state() != KafkaStreams.State.ERROR) {
                        for (final ConsumerRecord<String, DeadLetter> r : consumer.poll(Duration.ofMillis(300))) {
                            letters.put(r.value().getOrigin(), r.value());
                        }
                    }
                }
                assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(letters.keySet()).containsExactlyInAnyOrderElementsOf(byOrigin.keySet());
                letters.forEach((origin, letter) -> assertThat(letter.getReason()).as(byOrigin.get(origin).toString())
                        .contains(byOrigin.get(origin).reason()));
                assertThat(committedToTheEnd(kafka, poisons)).as("committed past every input record").isTrue();
                final double dropped = app.metrics().entrySet().stream()
                        .filter(e -> e.getKey().name().equals("dropped-records-total"))
                        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
                assertThat(dropped).isEqualTo(byOrigin.size());
            }
        }
    }

    /** Publishes every poison of every input topic, each followed by a good record; the poisons by their origin. */
    private static Map<String, Poison> publish(final EmbeddedKafka kafka, final TopicCatalog topics,
                                               final PoisonRecords poisons) throws Exception {
        final Map<String, Poison> byOrigin = new LinkedHashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, HUGE_TOPIC_LIMIT,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * HUGE_TOPIC_LIMIT), new StringSerializer(), new ByteArraySerializer())) {
            // on a topic as we create it, the broker refuses a 10 MiB record (max.message.bytes 1 MiB by default)
            final byte[] huge = new byte[PoisonRecords.LARGE];
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topics.trafficSamples().name(), "AS100", huge)).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RecordTooLargeException.class);
            for (final Topic<String, ?> topic : poisons.inputTopics()) {
                for (final Poison poison : poisons.poisons(topic)) {
                    final RecordMetadata at = producer.send(new ProducerRecord<>(topic.name(), "AS100", poison.value())).get();
                    byOrigin.put(topic.name() + "/" + at.partition() + "@" + at.offset(), poison);
                    producer.send(new ProducerRecord<>(topic.name(), "AS100", poisons.good(topic, PoisonRecords.T0))).get();
                }
            }
        }
        return byOrigin;
    }

    /** True when the detector's group has committed up to the end of every partition of every input topic. */
    private static boolean committedToTheEnd(final EmbeddedKafka kafka, final PoisonRecords poisons) throws Exception {
        try (Admin admin = kafka.admin()) {
            final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("poison-it")
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (final Topic<String, ?> topic : poisons.inputTopics()) {
                for (int p = 0; p < PARTITIONS; p++) {
                    latest.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
                }
            }
            final var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                    || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
        }
    }

    private static KafkaConsumer<String, DeadLetter> consumer(final EmbeddedKafka kafka, final TopicCatalog topics) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                topics.deadLetters().valueSerde().deserializer());
    }
}
