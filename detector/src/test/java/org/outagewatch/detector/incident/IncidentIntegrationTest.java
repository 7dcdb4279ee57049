package org.outagewatch.detector.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentKind;
import org.outagewatch.schemas.IncidentStatus;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * Stage 3 against a real broker, exactly-once, two partitions: the fusion repartition topic and the asn-metadata
 * global table at work (and the country rollup's repartition topic: DE points on signal-points). Ten hours of
 * traffic from three German networks, one dark for 30 minutes: one network outage, OPEN then RESOLVED, on the
 * compacted incidents topic. The data is all there before the detector starts,
 * so one stage-2 partition runs hours ahead of the other and the outage's alerts reach stage 3 after it has
 * evaluated their step: the test failed every time before stage 3 re-evaluated on such late alerts.
 */
class IncidentIntegrationTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    private static final int MINUTES = 10 * 60;
    private static final int OUTAGE_START = 8 * 60;
    private static final int OUTAGE_END = OUTAGE_START + 30;
    private static final long[] ASNS = {100, 200, 300};

    private static Instant at(final int minutes) {
        return T0.plusSeconds(minutes * 60L);
    }

    private static final Path GRAFANA_DASHBOARD = Path.of("..", "deploy", "grafana", "dashboards", "outagewatch.json");

    @Test
    void shouldOpenAndResolveANetworkOutageOnTheIncidentsTopic(@TempDir final Path dataDir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final Settings settings = Settings.of(Map.of(
                    Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    Settings.SCHEMA_REGISTRY_URL, "mock://incident-it-" + UUID.randomUUID(),
                    "application.id", "incident-it",
                    DetectorApp.DATA_DIR, dataDir.toString(),
                    DetectorApp.PARTITIONS, "2",
                    DetectorSettings.PREFIX + "warm-up", "6h",
                    "commit.interval.ms", "100"));
            final TopicCatalog topics = DetectorApp.catalog(settings);
            for (final Topic<String, ?> topic : DetectorApp.requiredTopics(topics)) {
                kafka.createTopic(topic.name(), topic.partitions(), topic.compacted());
            }
            publish(kafka, topics);
            try (DetectorApp app = new DetectorApp(settings);
                 KafkaConsumer<String, Incident> consumer = new KafkaConsumer<>(Map.of(
                         ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                         ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                         ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                         ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                         new StringDeserializer(), topics.incidents().valueSerde().deserializer())) {
                app.start();
                assertThat(app.awaitRunning(Duration.ofSeconds(30))).isTrue();
                consumer.subscribe(List.of(topics.incidents().name()));
                final List<Incident> incidents = new ArrayList<>();
                final long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (incidents.stream().noneMatch(i -> i.getStatus() == IncidentStatus.RESOLVED)
                        && System.nanoTime() < deadline && app.state() != KafkaStreams.State.ERROR) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> incidents.add(r.value()));
                }
                // OPEN, then UPDATEs (the country's pooled traffic alert joins the network's outage), then RESOLVED
                assertThat(incidents).hasSizeGreaterThanOrEqualTo(2);
                assertThat(incidents.get(0).getStatus()).isEqualTo(IncidentStatus.OPEN);
                assertThat(incidents.get(incidents.size() - 1).getStatus()).isEqualTo(IncidentStatus.RESOLVED);
                assertThat(incidents.subList(1, incidents.size() - 1)).extracting(Incident::getStatus)
                        .allMatch(status -> status == IncidentStatus.UPDATE);
                assertThat(incidents).allSatisfy(i -> {
                    assertThat(i.getKind()).isEqualTo(IncidentKind.NETWORK_OUTAGE);
                    assertThat(i.getAsns()).containsExactly(100L);
                    assertThat(i.getCountries()).containsExactly("DE");
                    assertThat(i.getStartedAt()).isEqualTo(at(OUTAGE_START));
                });
                assertThat(incidents.get(incidents.size() - 1).getEndedAt()).isEqualTo(at(OUTAGE_END));
                assertCountryPoints(kafka, topics);
                assertMetrics(app.prometheus().scrape());
            }
        }
    }

    /**
     * The country rollup through its repartition topic: DE points on signal-points, each the sum of the German
     * networks' points (1 MB and coverage 1 per network and window; with this backlog the partitions run far apart,
     * so some network points come after their country window closed and are counted late, never mixed in).
     */
    /** {@code /metrics}: Streams' and the clients' metrics, our counters, stage 3's gauges and the store sizes. */
    private static void assertMetrics(final String scrape) {
        assertThat(scrape).contains("kafka_stream_thread_commit_latency_avg", "kafka_stream_thread_punctuate_latency_avg",
                "kafka_consumer_fetch_manager_records_lag_max", "kafka_producer_topic_record_send_total",
                "jvm_memory_used_bytes", "outagewatch_detector_rollup_late_points_total");
        assertThat(scrape).containsPattern("outagewatch_open_incidents\\{kind=\"NETWORK_OUTAGE\"[^}]*\\} 0\\.0");
        assertThat(scrape).containsPattern("outagewatch_open_alerts\\{[^}]*severity=\"CRITICAL\"[^}]*\\} \\d");
        // the outage's alerts were sent some milliseconds after their windows closed
        assertThat(scrape).containsPattern("outagewatch_detector_alert_latency_max\\{[^}]*\\} [0-9]");
        assertThat(scrape).containsPattern("outagewatch_store_entries\\{store=\"baseline-models\"[^}]*\\} [1-9]");
        // every series the Grafana dashboard in deploy/ plots is one this scrape has
        final java.util.Set<String> plotted = new java.util.TreeSet<>();
        try {
            final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b(?:kafka|outagewatch|jvm)_[a-z_]+")
                    .matcher(java.nio.file.Files.readString(GRAFANA_DASHBOARD));
            while (m.find()) {
                plotted.add(m.group());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(plotted).hasSizeGreaterThan(10)
                .allSatisfy(metric -> assertThat(scrape).as("the dashboard's %s", metric).containsPattern("(?m)^" + metric + "[{ ]"));
    }

    private static void assertCountryPoints(final EmbeddedKafka kafka, final TopicCatalog topics) {
        try (KafkaConsumer<String, SignalPoint> points = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-points-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), topics.signalPoints().valueSerde().deserializer())) {
            points.subscribe(List.of(topics.signalPoints().name()));
            final List<SignalPoint> country = new ArrayList<>();
            final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (country.isEmpty() && System.nanoTime() < deadline) {
                points.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value().getEntity().equals("DE")) {
                        country.add(r.value());
                    }
                });
            }
            assertThat(country).isNotEmpty().allSatisfy(p -> {
                assertThat(p.getSignal()).isEqualTo("traffic.volume");
                assertThat(p.getCoverage()).isBetween(0L, (long) ASNS.length);
                assertThat(p.getValue()).isEqualTo(1_000_000.0 * p.getCoverage());
            });
        }
    }

    private static void publish(final EmbeddedKafka kafka, final TopicCatalog topics) {
        final Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, TrafficSample> traffic = new KafkaProducer<>(config, new StringSerializer(),
                topics.trafficSamples().valueSerde().serializer());
             KafkaProducer<String, AsnInfo> meta = new KafkaProducer<>(config, new StringSerializer(),
                     topics.asnMetadata().valueSerde().serializer())) {
            for (final long asn : ASNS) {
                meta.send(new ProducerRecord<>(topics.asnMetadata().name(), "AS" + asn, AsnInfo.newBuilder().setAsn(asn)
                        .setName("AS" + asn).setCountry("DE").setSource("test").build()));
            }
            for (int minute = 0; minute < MINUTES; minute += 5) {
                for (final long asn : ASNS) {
                    if (asn == 100 && minute >= OUTAGE_START && minute < OUTAGE_END) {
                        continue;
                    }
                    final TrafficSample sample = TrafficSample.newBuilder().setSource(MeasurementSource.SYNTHETIC)
                            .setAsn(asn).setIntervalStart(at(minute)).setIntervalSeconds(300).setBytes(1_000_000L)
                            .setPackets(1_000L).build();
                    traffic.send(new ProducerRecord<>(topics.trafficSamples().name(), null, at(minute).toEpochMilli(),
                            "AS" + asn, sample));
                }
            }
            meta.flush();
            traffic.flush();
        }
    }
}
