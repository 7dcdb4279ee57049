package org.outagewatch.deploy.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.detector.api.ApiSettings;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.ingest.publish.EventPublisher;
import org.outagewatch.ingest.synthetic.Outage;
import org.outagewatch.ingest.synthetic.OutagePlan;
import org.outagewatch.ingest.synthetic.SyntheticAsn;
import org.outagewatch.ingest.synthetic.WorldGenerator;
import org.outagewatch.ingest.synthetic.WorldSpec;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard in a real browser: a detector (API on a free port) over a short synthetic world on a real broker
 * (30 hours, six networks, one network dark for 90 minutes after the first day), opened in headless Chromium (the
 * Debian package, driven by playwright-core from npm: deploy/src/test/js-dashboard). The incident list shows the
 * outage and follows the server-sent events; the network's page draws a chart per signal with real points, the
 * outage's alert span and incident marker; the country page lists its networks; no console errors. The
 * screenshots go to deploy/target and docs/ (docs/dashboard.png is the README's).
 *
 * <p>Skipped, saying so, only when there is no Chromium (.ci/run installs it).
 */
class DashboardIntegrationTest {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardIntegrationTest.class);
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Instant START = WorldSpec.DEFAULT_START;
    private static final Duration LENGTH = Duration.ofHours(30);
    private static final Instant OUTAGE_START = START.plus(Duration.ofHours(27));
    private static final Duration OUTAGE = Duration.ofMinutes(90);
    private static final int NETWORKS = 6;
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldShowIncidentsAndChartsInChromium(@TempDir final Path dataDir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
                + ": the dashboard test needs it (apt-get install -y chromium; .ci/run installs it)");
        final Path module = Path.of(System.getProperty("basedir", "."));
        final Path scripts = install(module);

        final WorldSpec base = WorldSpec.defaults().withAsnCount(NETWORKS).withPeriod(START, START.plus(LENGTH))
                .withWarmUp(Duration.ofHours(25));
        final long dark = base.networks().get(0).asn();
        final WorldSpec world = base.withOutages(OutagePlan.of(new Outage(dark, OUTAGE_START, OUTAGE_START.plus(OUTAGE), 1.0)));

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final Settings settings = Settings.of(Map.of(
                    Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    Settings.SCHEMA_REGISTRY_URL, "mock://dashboard-it-" + UUID.randomUUID(),
                    "application.id", "dashboard-it",
                    DetectorApp.DATA_DIR, dataDir.toString(),
                    DetectorApp.PARTITIONS, "2",
                    "commit.interval.ms", "200",
                    // no routing or Atlas input here: stage 3 need not wait the default 30 s for its idle writers
                    DetectorSettings.PREFIX + "idle-after", "5s",
                    ApiSettings.PORT, "0"));
            final TopicCatalog topics = DetectorApp.catalog(settings);
            for (final Topic<String, ?> topic : DetectorApp.requiredTopics(topics)) {
                kafka.createTopic(topic.name(), topic.partitions(), topic.compacted());
            }
            final WorldGenerator generator = new WorldGenerator(world);
            try (EventPublisher publisher = new EventPublisher(settings.kafkaConfig(), topics)) {
                for (final AsnInfo info : generator.asnInfos()) {
                    publisher.send(topics.asnMetadata(), "AS" + info.getAsn(), info, START);
                }
                generator.generateAll(publisher::publish);
                publisher.flush();
            }
            try (DetectorApp detector = new DetectorApp(settings)) {
                detector.start();
                assertThat(detector.awaitRunning(PATIENCE)).isTrue();
                final String url = "http://localhost:" + detector.apiPort().orElseThrow();
                awaitResolvedIncident(detector, url);

                // the series behind the chart, as the README shows it: the first windows of the outage
                final String outage = get(url + "/api/entities/" + SyntheticAsn.entityId(dark) + "/series/traffic.volume?from="
                        + OUTAGE_START + "&to=" + OUTAGE_START.plus(Duration.ofMinutes(5)));
                LOG.info("The series at the outage: {}", outage);
                final JsonNode series = JSON.readTree(outage);
                assertThat(series.path("points").size()).isEqualTo(2);
                assertThat(series.path("points")).allSatisfy(p -> {
                    assertThat(p.path("observed").asDouble()).isZero();
                    assertThat(p.path("expected").asDouble()).isPositive();
                });
                assertThat(series.path("alerts").get(0).path("startedAt").asText()).isEqualTo(OUTAGE_START.toString());

                final Path shots = Files.createDirectories(module.resolve("target"));
                final JsonNode seen = node(scripts, "dashboard.js", url, SyntheticAsn.entityId(dark), shots.toString());
                LOG.info("The dashboard showed: {}", seen);

                assertThat(seen.path("errors")).as("console errors").isEmpty();
                assertThat(seen.path("live").asText()).isEqualTo("live");
                final JsonNode incident = seen.path("incidents").get(0);
                assertThat(incident.path("kind").asText()).isEqualTo("network outage");
                assertThat(incident.path("status").asText()).isEqualTo("RESOLVED");
                assertThat(incident.path("scope").asText()).contains(SyntheticAsn.entityId(dark));
                assertThat(incident.path("explanation").asText()).isNotBlank();
                assertThat(Integer.parseInt(incident.path("severity").asText().trim())).isPositive();

                assertThat(seen.path("entityIncidents").asInt()).isOne();
                final List<JsonNode> charts = stream(seen.path("charts"));
                assertThat(charts).extracting(c -> c.path("signal").asText()).contains("traffic.volume", "probe.reachable");
                assertThat(charts).allSatisfy(chart -> {
                    assertThat(chart.path("points").asInt()).as("points of %s", chart).isGreaterThan(300);
                    assertThat(chart.path("canvas").path("width").asInt()).isGreaterThan(300);
                    assertThat(chart.path("legend").asText()).contains("▼ incidents (1)");
                });
                assertThat(charts).filteredOn(c -> c.path("signal").asText().equals("traffic.volume"))
                        .allSatisfy(c -> assertThat(c.path("alerts").asInt()).isOne());
                assertThat(seen.path("country").asText()).isEqualTo(base.networks().get(0).country().code());
                assertThat(seen.path("networks").asInt()).isPositive();

                final Path docs = module.resolve("..").resolve("docs").normalize();
                if (Files.isDirectory(docs)) {
                    Files.copy(shots.resolve("dashboard.png"), docs.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
                }
                assertThat(Files.size(shots.resolve("dashboard.png"))).isGreaterThan(20_000);
            }
        }
    }

    /** Waits until the API lists the outage's incident as resolved (the world is all published before). */
    private static void awaitResolvedIncident(final DetectorApp detector, final String url) throws Exception {
        final HttpClient http = HttpClient.newHttpClient();
        final long deadline = System.nanoTime() + PATIENCE.toNanos();
        String last = "";
        while (System.nanoTime() < deadline && detector.state() != KafkaStreams.State.ERROR) {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/incidents?status=resolved"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            last = response.body();
            if (response.statusCode() == 200 && JSON.readTree(last).path("incidents").size() > 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("No resolved incident within " + PATIENCE + "; last answer " + last);
    }

    private static String get(final String url) throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return response.body();
    }

    private static List<JsonNode> stream(final JsonNode array) {
        final List<JsonNode> list = new java.util.ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    /** Copies the scripts to target/js-dashboard and installs their npm packages (a failure fails the test). */
    private static Path install(final Path module) throws IOException, InterruptedException {
        final Path dir = Files.createDirectories(module.resolve("target/js-dashboard"));
        try (Stream<Path> files = Files.list(module.resolve("src/test/js-dashboard"))) {
            for (final Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        final Run run = run(dir, Duration.ofMinutes(5), List.of("npm", "install", "--no-audit", "--no-fund"));
        assertThat(run.exit()).as("npm install in %s:%n%s", dir, run.output()).isZero();
        return dir;
    }

    private static JsonNode node(final Path dir, final String script, final String... args) throws Exception {
        final List<String> command = new java.util.ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        final Run run = run(dir, Duration.ofMinutes(2), command);
        assertThat(run.exit()).as("node %s:%n%s", script, run.output()).isZero();
        final List<String> lines = run.stdout().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("output of node %s:%n%s", script, run.output()).isNotEmpty();
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    private record Run(int exit, String stdout, String output) {
    }

    private static Run run(final Path dir, final Duration timeout, final List<String> command)
            throws IOException, InterruptedException {
        final Path out = Files.createTempFile(dir, "stdout-", ".log");
        final Path err = Files.createTempFile(dir, "stderr-", ".log");
        final Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        final String stdout = Files.readString(out, StandardCharsets.UTF_8);
        return new Run(process.exitValue(), stdout, stdout + Files.readString(err, StandardCharsets.UTF_8));
    }
}
