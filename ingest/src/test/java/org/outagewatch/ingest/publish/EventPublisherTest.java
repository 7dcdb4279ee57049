package org.outagewatch.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.outagewatch.ingest.synthetic.WorldEvent;
import org.outagewatch.ingest.synthetic.WorldGenerator;
import org.outagewatch.ingest.synthetic.WorldSpec;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicCatalog;

class EventPublisherTest {
    private static final Instant T0 = WorldSpec.DEFAULT_START;
    private static final TopicCatalog CATALOG = TopicCatalog.create(
            Map.of(Settings.SCHEMA_REGISTRY_URL, "mock://event-publisher-test"), TopicCatalog.DEFAULT_PARTITIONS);

    private static Instant at(final long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void shouldForceIdempotenceAndAcksAllAndDropSettingsThatAreNotTheProducers() {
        final Map<String, Object> config = EventPublisher.producerConfig(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092",
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                Settings.SCHEMA_REGISTRY_URL, "http://registry:8081",
                "outagewatch.partitions", "4"));

        assertThat(config).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "5")
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsKey(ProducerConfig.BATCH_SIZE_CONFIG)
                .doesNotContainKeys(Settings.SCHEMA_REGISTRY_URL, "outagewatch.partitions");
    }

    @Test
    void shouldSendEachEventToItsTopicKeyedByEntityAtItsEventTime() {
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        final WorldGenerator generator = new WorldGenerator(WorldSpec.defaults().withAsnCount(3));
        try (EventPublisher publisher = new EventPublisher(producer, CATALOG)) {
            final long count = generator.generate(at(0), at(10), publisher::publish);

            assertThat(producer.history()).hasSize((int) count);
            final ProducerRecord<byte[], byte[]> first = producer.history().get(0);
            final WorldEvent expected = generator.iterator(at(0), at(10)).next();
            assertThat(first.topic()).isEqualTo(CATALOG.trafficSamples().name());
            assertThat(CATALOG.trafficSamples().keySerde().deserializer().deserialize(first.topic(), first.key()))
                    .isEqualTo(expected.key());
            assertThat(first.timestamp()).isEqualTo(expected.eventTime().toEpochMilli());
            assertThat(producer.history().stream().filter(r -> r.topic().equals(CATALOG.probeResults().name())).count())
                    .isEqualTo(3L * WorldSpec.DEFAULT_PROBES_PER_ASN * 10);
            assertThat(publisher.summary().acknowledged()).isEqualTo(count);
            assertThat(publisher.summary().sentByTopic()).containsOnlyKeys(CATALOG.trafficSamples().name(),
                    CATALOG.probeResults().name());
        }
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void shouldCountFailedSends() {
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        final WorldGenerator generator = new WorldGenerator(WorldSpec.defaults().withAsnCount(1));
        try (EventPublisher publisher = new EventPublisher(producer, CATALOG)) {
            generator.generate(at(0), at(2), publisher::publish);
            producer.errorNext(new TimeoutException("broker gone"));
            producer.completeNext();

            assertThat(publisher.failed()).isEqualTo(1);
            assertThat(publisher.acknowledged()).isEqualTo(1);
            publisher.flush();
            assertThat(publisher.summary().pending()).isZero();
            assertThat(publisher.summary().failed()).isEqualTo(1);
        }
    }

    @Test
    void shouldRefuseToSendAfterClose() {
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        final EventPublisher publisher = new EventPublisher(producer, CATALOG);
        publisher.close();

        assertThatThrownBy(() -> publisher.send(CATALOG.probeResults(), "AS64512", new ProbeResult(), at(0)))
                .isInstanceOf(IllegalStateException.class);
    }
}
