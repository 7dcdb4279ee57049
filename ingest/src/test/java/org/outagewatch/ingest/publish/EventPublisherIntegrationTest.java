package org.outagewatch.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.outagewatch.ingest.synthetic.Outage;
import org.outagewatch.ingest.synthetic.OutagePlan;
import org.outagewatch.ingest.synthetic.SyntheticAsn;
import org.outagewatch.ingest.synthetic.WorldEvent;
import org.outagewatch.ingest.synthetic.WorldGenerator;
import org.outagewatch.ingest.synthetic.WorldSpec;
import org.outagewatch.schemas.DeadLetter;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.TopicCatalog;

class EventPublisherIntegrationTest {
    private static final Instant T0 = WorldSpec.DEFAULT_START;
    private static final TopicCatalog CATALOG = TopicCatalog.create(
            Map.of(Settings.SCHEMA_REGISTRY_URL, "mock://event-publisher-it"), TopicCatalog.DEFAULT_PARTITIONS);
    private static EmbeddedKafka kafka;

    private static Instant at(final long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        try (Admin admin = kafka.admin()) {
            assertThat(TopicSetup.ensure(admin, CATALOG, (short) 1)).hasSize(CATALOG.all().size());
            assertThat(TopicSetup.ensure(admin, CATALOG, (short) 1)).isEmpty();
        }
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    private static EventPublisher publisher() {
        return new EventPublisher(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), CATALOG);
    }

    @Test
    void shouldPublishASliceThatReadsBackWithItsKeysAndEventTimes() {
        final WorldSpec base = WorldSpec.defaults().withAsnCount(6).withPeriod(T0, at(26 * 60));
        final WorldSpec spec = base.withOutages(OutagePlan.of(new Outage(SyntheticAsn.asnAt(3), at(24 * 60 + 10), at(24 * 60 + 40), 1.0)));
        final WorldGenerator generator = new WorldGenerator(spec);
        final List<WorldEvent> events = new ArrayList<>();
        generator.generate(at(24 * 60), at(25 * 60), events::add);

        final PublishSummary summary;
        try (EventPublisher publisher = publisher()) {
            events.forEach(publisher::publish);
            publisher.flush();
            summary = publisher.summary();
        }

        final long probes = events.stream().filter(e -> e instanceof WorldEvent.Probe).count();
        assertThat(summary.acknowledged()).isEqualTo(events.size());
        assertThat(summary.failed()).isZero();
        final List<ConsumerRecord<String, ProbeResult>> probeRecords = Topics.readEvents(kafka.bootstrapServers(),
                CATALOG, CATALOG.probeResults(), (int) probes);
        final List<ConsumerRecord<String, TrafficSample>> trafficRecords = Topics.readEvents(kafka.bootstrapServers(),
                CATALOG, CATALOG.trafficSamples(), (int) (events.size() - probes));

        assertThat(probeRecords).hasSize((int) probes);
        assertThat(trafficRecords).hasSize(events.size() - (int) probes);
        // the event time is in the payload; the topics, as TopicSetup creates them, stamp ingestion time
        final Set<String> expected = events.stream().map(e -> e.key() + "|" + e.value()).collect(Collectors.toSet());
        final Set<String> read = new java.util.HashSet<>();
        probeRecords.forEach(r -> read.add(r.key() + "|" + r.value()));
        trafficRecords.forEach(r -> read.add(r.key() + "|" + r.value()));
        assertThat(read).isEqualTo(expected);
        assertThat(probeRecords).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(SyntheticAsn.entityId(r.value().getTargetAsn()));
            assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        });
        // one entity always lands on one partition, so its events stay in event-time order
        probeRecords.stream().collect(Collectors.groupingBy(ConsumerRecord::key)).forEach((key, records) -> {
            assertThat(records.stream().map(ConsumerRecord::partition).distinct()).hasSize(1);
            for (int i = 1; i < records.size(); i++) {
                assertThat(records.get(i).value().getMeasuredAt()).isAfterOrEqualTo(records.get(i - 1).value().getMeasuredAt());
            }
        });
    }

    @Test
    void shouldPublishDeadLettersWithReasonAndOrigin() {
        final String origin = DeadLetters.recordOrigin(CATALOG.probeResults().name(), 1, 99);
        final long rejected;
        try (EventPublisher publisher = publisher()) {
            final DeadLetters deadLetters = new DeadLetters(publisher, "ingest.it", Clock.systemUTC());
            deadLetters.reject("target ASN is negative", new IllegalArgumentException("-1"), origin,
                    "{\"targetAsn\":-1}".getBytes(StandardCharsets.UTF_8));
            rejected = deadLetters.count();
        }

        final List<ConsumerRecord<String, DeadLetter>> read = Topics.read(kafka.bootstrapServers(), CATALOG.deadLetters(), 1);
        assertThat(rejected).isEqualTo(1);
        assertThat(read).hasSize(1);
        final DeadLetter letter = read.get(0).value();
        assertThat(read.get(0).key()).isEqualTo(origin);
        assertThat(letter.getReason()).isEqualTo("target ASN is negative");
        assertThat(letter.getOrigin()).isEqualTo(origin);
        assertThat(letter.getErrorClass()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(letter.getStage()).isEqualTo("ingest.it");
        assertThat(StandardCharsets.UTF_8.decode(letter.getPayload()).toString()).isEqualTo("{\"targetAsn\":-1}");
    }
}
