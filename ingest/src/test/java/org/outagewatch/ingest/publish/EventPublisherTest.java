package org.outagewatch.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.ProbeMethod;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.ProbeResultBatch;
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
        try (EventPublisher publisher = new EventPublisher(producer, CATALOG, BatchPolicy.OFF)) {
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
        try (EventPublisher publisher = new EventPublisher(producer, CATALOG, BatchPolicy.OFF)) {
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

    @Test
    void shouldPutEventsOfOneKeyInBatchesOfAtMostMaxEventsInTheirOrder() {
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        final List<ProbeResult> probes = new ArrayList<>();
        try (EventPublisher publisher = new EventPublisher(producer, CATALOG,
                new BatchPolicy(4, Duration.ofHours(1), Duration.ofHours(1)))) {
            for (int i = 0; i < 10; i++) {
                final ProbeResult probe = probe(64512L, at(0).plusSeconds(i));
                probes.add(probe);
                publisher.send(CATALOG.probeResults(), "AS64512", probe, probe.getMeasuredAt());
            }
            assertThat(producer.history()).hasSize(2);
            publisher.flush();

            assertThat(producer.history()).hasSize(3);
            assertThat(publisher.sent()).isEqualTo(10);
            assertThat(publisher.records()).isEqualTo(3);
            assertThat(publisher.acknowledged()).isEqualTo(10);
        }
        final List<ProbeResult> read = new ArrayList<>();
        for (final ProducerRecord<byte[], byte[]> record : producer.history()) {
            assertThat(record.topic()).isEqualTo(CATALOG.probeResults().name());
            assertThat(record.timestamp()).isEqualTo(((ProbeResultBatch) value(record)).getResults().get(0)
                    .getMeasuredAt().toEpochMilli());
            read.addAll(((ProbeResultBatch) value(record)).getResults());
        }
        assertThat(read).isEqualTo(probes);
    }

    @Test
    void shouldSendAPendingBatchWhenTheNewestEventIsTheSpanPastItsFirst() {
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        final ProbeResult a = probe(64512L, at(0));
        final ProbeResult b = probe(64513L, at(0).plusSeconds(29));
        final ProbeResult c = probe(64513L, at(0).plusSeconds(30));
        try (EventPublisher publisher = new EventPublisher(producer, CATALOG,
                new BatchPolicy(100, Duration.ofHours(1), Duration.ofSeconds(30)))) {
            publisher.send(CATALOG.probeResults(), "AS64512", a, a.getMeasuredAt());
            publisher.send(CATALOG.probeResults(), "AS64513", b, b.getMeasuredAt());
            assertThat(producer.history()).isEmpty();

            publisher.send(CATALOG.probeResults(), "AS64513", c, c.getMeasuredAt());

            // a's batch held one event: it goes out as the single event, in the topic's value schema
            assertThat(producer.history()).hasSize(1);
            assertThat(value(producer.history().get(0))).isEqualTo(a);
        }
        assertThat(producer.history()).hasSize(2);
        assertThat(((ProbeResultBatch) value(producer.history().get(1))).getResults()).containsExactly(b, c);
    }

    @Test
    void shouldSendAPendingBatchAfterTheLingerWithoutFurtherEvents() throws InterruptedException {
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (EventPublisher publisher = new EventPublisher(producer, CATALOG,
                new BatchPolicy(100, Duration.ofMillis(50), Duration.ofHours(1)))) {
            for (int i = 0; i < 3; i++) {
                final ProbeResult probe = probe(64512L, at(0).plusSeconds(i));
                publisher.send(CATALOG.probeResults(), "AS64512", probe, probe.getMeasuredAt());
            }
            final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (producer.history().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(producer.history()).hasSize(1);
            assertThat(((ProbeResultBatch) value(producer.history().get(0))).getResults()).hasSize(3);
        }
    }

    private static Object value(final ProducerRecord<byte[], byte[]> record) {
        return CATALOG.batches().probeInput().deserialize(record.topic(), record.value());
    }

    private static ProbeResult probe(final long asn, final Instant at) {
        return ProbeResult.newBuilder().setSource(MeasurementSource.SYNTHETIC).setProbeId("synthetic-7").setVantageAsn(asn)
                .setMethod(ProbeMethod.PING).setTarget("192.0.2.1").setMeasuredAt(at).setOutcome(ProbeOutcome.OK)
                .build();
    }
}
