package org.outagewatch.detector.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.history.HistoryStores;
import org.outagewatch.detector.topology.IncidentTopology;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * The HTTP API over two detector instances of one application on a real broker (two partitions): ten hours of
 * traffic from three German networks, AS100 dark for 30 minutes. Every question is asked of both instances, and
 * both give the same answer although each key's state lives on one of them (checked with the streams' own
 * metadata): the non-owner forwards to the owner.
 */
class ApiIntegrationTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    private static final int MINUTES = 10 * 60;
    private static final int OUTAGE_START = 8 * 60;
    private static final int OUTAGE_END = OUTAGE_START + 30;
    private static final long[] ASNS = {100, 200, 300};
    private static final String SIGNAL = "traffic.volume";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();

    private static Instant at(final int minutes) {
        return T0.plusSeconds(minutes * 60L);
    }

    @Test
    void shouldAnswerEveryQueryFromEitherInstance(@TempDir final Path dataDir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final Map<String, String> common = new HashMap<>(Map.of(
                    Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    Settings.SCHEMA_REGISTRY_URL, "mock://api-it-" + UUID.randomUUID(),
                    "application.id", "api-it",
                    DetectorApp.PARTITIONS, "2",
                    DetectorSettings.PREFIX + "warm-up", "6h",
                    "commit.interval.ms", "100",
                    // no routing or Atlas input here: stage 3 need not wait the default 30 s for its idle writers
                    DetectorSettings.PREFIX + "idle-after", "5s",
                    ApiSettings.PORT, "0",
                    ApiSettings.ADVERTISED_HOST, "localhost"));
            final TopicCatalog topics = DetectorApp.catalog(Settings.of(common));
            for (final Topic<String, ?> topic : DetectorApp.requiredTopics(topics)) {
                kafka.createTopic(topic.name(), topic.partitions(), topic.compacted());
            }
            publish(kafka, topics);
            try (DetectorApp a = instance(common, dataDir.resolve("a"));
                 DetectorApp b = instance(common, dataDir.resolve("b"))) {
                a.start();
                b.start();
                assertThat(a.awaitRunning(PATIENCE)).isTrue();
                assertThat(b.awaitRunning(PATIENCE)).isTrue();
                final List<DetectorApp> both = List.of(a, b);

                // the outage's incident, resolved, from either instance (only one hosts the fusion partition)
                final JsonNode incidents = await(a, "/api/incidents", body -> body.path("incidents").size() == 1
                        && body.path("incidents").get(0).path("status").asText().equals("RESOLVED"));
                final JsonNode incident = incidents.path("incidents").get(0);
                assertThat(incident.path("kind").asText()).isEqualTo("NETWORK_OUTAGE");
                assertThat(incident.path("asns").get(0).asText()).isEqualTo("AS100");
                assertThat(incident.path("startedAt").asText()).isEqualTo(at(OUTAGE_START).toString());
                assertThat(incident.path("endedAt").asText()).isEqualTo(at(OUTAGE_END).toString());
                assertThat(incident.path("explanation").asText()).isNotBlank();
                awaitSettled(both);
                assertOwnedByOneAnsweredByBoth(both, HistoryStores.INCIDENT_HISTORY, IncidentTopology.FUSION_KEY,
                        "/api/incidents");
                final String id = incident.path("incidentId").asText();
                assertOwnedByOneAnsweredByBoth(both, HistoryStores.INCIDENT_HISTORY, IncidentTopology.FUSION_KEY,
                        "/api/incidents/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8));
                assertThat(get(b, "/api/incidents?status=open").body().path("incidents").size()).isZero();
                assertThat(get(b, "/api/incidents?country=DE&kind=network_outage").body().path("incidents").size()).isOne();
                assertThat(get(a, "/api/incidents/no-such-id").status()).isEqualTo(404);
                assertThat(get(a, "/api/incidents?status=sometimes").status()).isEqualTo(400);

                // every series, whichever instance holds it, from both
                for (final long asn : ASNS) {
                    final String path = "/api/entities/AS" + asn + "/series/" + SIGNAL;
                    final JsonNode series = assertOwnedByOneAnsweredByBoth(both, HistoryStores.SERIES_HISTORY,
                            "AS" + asn + "|" + SIGNAL, path);
                    // every closed window (the last one or two stay open: nothing moves stream time past them)
                    final JsonNode points = series.path("points");
                    assertThat(points.size()).isBetween(MINUTES / 5 - 3, MINUTES / 5);
                    assertThat(points.get(0).path("windowStart").asText()).isEqualTo(T0.toString());
                    assertThat(points.get(points.size() - 1).path("expected").isNumber()).isTrue();
                    assertThat(series.path("alerts").size()).isEqualTo(asn == 100 ? 1 : 0);
                }
                final JsonNode outage = get(b, "/api/entities/AS100/series/" + SIGNAL + "?from=" + at(OUTAGE_START)
                        + "&to=" + at(OUTAGE_END - 5)).body();
                assertThat(outage.path("points").size()).isEqualTo(6);
                assertThat(outage.path("points")).allSatisfy(p -> {
                    assertThat(p.path("observed").asDouble()).isZero();
                    assertThat(p.path("expected").asDouble()).isGreaterThan(900_000.0);
                    assertThat(p.path("low").asDouble()).isLessThan(p.path("expected").asDouble());
                });
                assertThat(outage.path("alerts").get(0).path("startedAt").asText()).isEqualTo(at(OUTAGE_START).toString());
                assertThat(get(a, "/api/entities/AS999/series/" + SIGNAL).status()).isEqualTo(404);

                // alerts of every series, gathered from both instances
                for (final DetectorApp instance : both) {
                    final JsonNode alerts = get(instance, "/api/alerts?entity=AS100").body().path("alerts");
                    assertThat(alerts.size()).isOne();
                    assertThat(alerts.get(0).path("status").asText()).isEqualTo("RESOLVED");
                    assertThat(get(instance, "/api/alerts?open=true").body().path("alerts").size()).isZero();
                    // AS100's alert, and at most the country's pooled one (DE loses a third of its measured traffic)
                    final JsonNode all = get(instance, "/api/alerts").body().path("alerts");
                    assertThat(all.size()).isBetween(1, 2);
                    all.forEach(alert -> assertThat(alert.path("entity").asText()).isIn("AS100", "DE"));
                }

                // entities: the metadata (global, on both), the signals (gathered), a country's networks
                final JsonNode found = get(a, "/api/entities?q=de").body().path("entities");
                assertThat(found.size()).isEqualTo(4);
                assertThat(found.get(0).path("entity").asText()).isEqualTo("DE");
                assertThat(get(b, "/api/entities?q=AS200").body().path("entities").get(0).path("asn").asLong()).isEqualTo(200);
                final JsonNode germany = get(b, "/api/entities/DE").body();
                assertThat(germany.path("networks").size()).isEqualTo(3);
                assertThat(germany.path("signals").toString()).contains(SIGNAL);
                assertThat(get(a, "/api/entities/AS300").body().path("signals").toString()).contains(SIGNAL);

                final JsonNode health = get(a, "/api/health").body();
                assertThat(health.path("status").asText()).isEqualTo("UP");
                assertThat(health.path("instances").size()).isEqualTo(2);
                assertThat(get(b, "/api/openapi.json").body().path("paths").has("/api/entities/{entity}/series/{signal}"))
                        .isTrue();
                assertThat(firstEvent(b)).contains(id);

                // Prometheus: each instance its own metrics; the stage-2 models are on one of them at least
                final List<String> scrapes = new java.util.ArrayList<>();
                for (final DetectorApp app : List.of(a, b)) {
                    final HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(uri(app, "/metrics")).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(metrics.statusCode()).isEqualTo(200);
                    assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
                    assertThat(metrics.body()).contains("kafka_stream_thread_commit_latency_avg", "outagewatch_open_incidents{kind=");
                    scrapes.add(metrics.body());
                }
                assertThat(scrapes).anyMatch(text -> text.matches("(?s).*outagewatch_store_entries\\{store=\"baseline-models\"[^}]*\\} [1-9].*"));
            }
        }
    }

    /** Checks that one instance owns the key and that both answer the path alike; returns the answer. */
    private JsonNode assertOwnedByOneAnsweredByBoth(final List<DetectorApp> both, final String store, final String key,
                                                    final String path) throws Exception {
        final HostInfo owner = both.get(0).streams().queryMetadataForKey(store, key, Serdes.String().serializer())
                .activeHost();
        assertThat(both.stream().map(this::host)).containsOnlyOnce(owner);
        final Answer first = get(both.get(0), path);
        final Answer second = get(both.get(1), path);
        assertThat(first.status()).as(path).isEqualTo(200);
        assertThat(second.status()).as(path).isEqualTo(200);
        assertThat(second.body()).as(path).isEqualTo(first.body());
        return first.body();
    }

    private HostInfo host(final DetectorApp app) {
        return new HostInfo("localhost", app.apiPort().orElseThrow());
    }

    /** Waits until both instances are RUNNING and each knows the other (no rebalance under way). */
    private static void awaitSettled(final List<DetectorApp> both) throws InterruptedException {
        final long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (both.stream().allMatch(app -> app.state() == KafkaStreams.State.RUNNING
                    && app.streams().metadataForAllStreamsClients().size() == 2)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The two instances did not settle");
    }

    private JsonNode await(final DetectorApp app, final String path, final Predicate<JsonNode> done) throws Exception {
        final long deadline = System.nanoTime() + PATIENCE.toNanos();
        Answer last = null;
        while (System.nanoTime() < deadline && app.state() != KafkaStreams.State.ERROR) {
            last = get(app, path);
            if (last.status() == 200 && done.test(last.body())) {
                return last.body();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " never became ready; last answer " + last);
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer get(final DetectorApp app, final String path) throws Exception {
        final HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri(app, path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), Json.tree(response.body()));
    }

    private static URI uri(final DetectorApp app, final String path) {
        return URI.create("http://localhost:" + app.apiPort().orElseThrow() + path);
    }

    /** The data of the first server-sent event. */
    private String firstEvent(final DetectorApp app) throws Exception {
        final HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri(app, "/api/events")).GET()
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    return line.substring("data: ".length());
                }
            }
        }
        throw new AssertionError("The event stream ended without an event");
    }

    private static DetectorApp instance(final Map<String, String> common, final Path dataDir) {
        final Map<String, String> settings = new HashMap<>(common);
        settings.put(DetectorApp.DATA_DIR, dataDir.toString());
        return new DetectorApp(Settings.of(settings));
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
                        .setName("Network " + asn).setCountry("DE").setSource("test").build()));
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
