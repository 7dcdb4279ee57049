package org.outagewatch.detector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.detector.common.DeadLetterHandler;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.DeadLetter;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;

/** The detector against a real broker, exactly-once: a synthetic half day with one outage, read back as OPEN then RESOLVED. */
class DetectorIntegrationTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    private static final int PARTITIONS = 2;
    private static final int MINUTES = 10 * 60;
    private static final int OUTAGE_START = 8 * 60;
    private static final int OUTAGE_END = OUTAGE_START + 30;

    private static Instant at(final int minutes) {
        return T0.plusSeconds(minutes * 60L);
    }

    @Test
    void shouldRaiseAndResolveAnAlertAndDeadLetterUnreadableInput(@TempDir final Path dataDir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final Settings settings = Settings.of(Map.of(
                    Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    Settings.SCHEMA_REGISTRY_URL, "mock://detector-it-" + UUID.randomUUID(),
                    "application.id", "detector-it",
                    DetectorApp.DATA_DIR, dataDir.toString(),
                    DetectorApp.PARTITIONS, String.valueOf(PARTITIONS),
                    DetectorSettings.PREFIX + "warm-up", "6h",
                    "commit.interval.ms", "100"));
            final TopicCatalog topics = DetectorApp.catalog(settings);
            for (final Topic<String, ?> topic : DetectorApp.requiredTopics(topics)) {
                kafka.createTopic(topic.name(), topic.partitions(), topic.compacted());
            }
            publish(kafka, topics);

            try (DetectorApp app = new DetectorApp(settings)) {
                app.start();
                assertThat(app.awaitRunning(Duration.ofSeconds(30))).isTrue();
                final List<OutageAlert> alerts = new ArrayList<>();
                final List<DeadLetter> letters = new ArrayList<>();
                try (KafkaConsumer<String, OutageAlert> alertConsumer = consumer(kafka, topics.outageAlerts().valueSerde().deserializer());
                     KafkaConsumer<String, DeadLetter> letterConsumer = consumer(kafka, topics.deadLetters().valueSerde().deserializer())) {
                    alertConsumer.subscribe(List.of(topics.outageAlerts().name()));
                    letterConsumer.subscribe(List.of(topics.deadLetters().name()));
                    final long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                    while ((alerts.size() < 2 || letters.isEmpty()) && System.nanoTime() < deadline
                            && app.state() != KafkaStreams.State.ERROR) {
                        alertConsumer.poll(Duration.ofMillis(200)).forEach(r -> alerts.add(r.value()));
                        for (final ConsumerRecord<String, DeadLetter> r : letterConsumer.poll(Duration.ofMillis(50))) {
                            letters.add(r.value());
                        }
                    }
                }
                assertThat(alerts).extracting(OutageAlert::getStatus).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
                assertThat(alerts).extracting(OutageAlert::getEntity).containsOnly("AS100");
                assertThat(alerts.get(0).getStartedAt()).isEqualTo(at(OUTAGE_START));
                assertThat(alerts.get(1).getEndedAt()).isEqualTo(at(OUTAGE_END));
                assertThat(letters).hasSize(1);
                assertThat(letters.get(0).getOrigin()).startsWith(topics.trafficSamples().name() + "/");
                assertThat(letters.get(0).getStage()).isEqualTo(DeadLetterHandler.STAGE);
            }
        }
    }

    private static void publish(final EmbeddedKafka kafka, final TopicCatalog topics) throws Exception {
        final Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, TrafficSample> producer = new KafkaProducer<>(config, new StringSerializer(),
                topics.trafficSamples().valueSerde().serializer());
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int minute = 0; minute < MINUTES; minute++) {
                final long bytes = Math.round(1e6 * (1 + 0.3 * Math.sin(2 * Math.PI * minute / (24 * 60.0))));
                for (final long asn : new long[] {100, 200}) {
                    if (asn == 100 && minute >= OUTAGE_START && minute < OUTAGE_END) {
                        continue;
                    }
                    final TrafficSample sample = TrafficSample.newBuilder().setSource(MeasurementSource.SYNTHETIC)
                            .setAsn(asn).setIntervalStart(at(minute)).setIntervalSeconds(60).setBytes(bytes)
                            .setPackets(bytes / 1000).build();
                    producer.send(new ProducerRecord<>(topics.trafficSamples().name(), null, at(minute).toEpochMilli(),
                            "AS" + asn, sample));
                }
                if (minute == 60) {
                    raw.send(new ProducerRecord<>(topics.trafficSamples().name(), "AS100".getBytes(StandardCharsets.UTF_8),
                            "garbage".getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
            raw.flush();
        }
    }

    private static <V> KafkaConsumer<String, V> consumer(final EmbeddedKafka kafka, final Deserializer<V> values) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), values);
    }

}
