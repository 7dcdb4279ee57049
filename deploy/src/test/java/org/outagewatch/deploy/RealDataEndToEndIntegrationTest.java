package org.outagewatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.deploy.cli.OutageWatchCli;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.registry.server.RegistryServer;
import org.outagewatch.schemas.registry.server.RegistryServerConfig;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.testing.SharedData;
import org.outagewatch.schemas.topic.TopicCatalog;
import picocli.CommandLine;

/**
 * Real RIPE Atlas results end to end on a real broker: the week of anchor pings of msm 1042404 (probe 6098, 2,520
 * results) goes through {@code outagewatch ingest atlas} (target ASN from the shared pyasn table) into the embedded
 * KRaft broker, with the schemas in the registry server over HTTP; the detector reads them from the same broker and
 * registry, and {@code signal-points} carries one {@code probe.reachable} point per 5-minute window of the week for
 * the target's ASN.
 */
class RealDataEndToEndIntegrationTest {
    private static final String WEEK = "ripe-atlas/timeseries/atlas_ping_msm1042404_prb6098_2020-01-31_to_02-07.ndjson";
    private static final String TABLE = "asn-mapping/pyasn_ipasn_20140513.dat.gz";
    private static final int RESULTS = 2520;
    /** The target 213.225.160.239 is in 213.225.160.0/19, announced by AS8839 in the 2014 table. */
    private static final String ENTITY = "AS8839";
    private static final String SIGNAL = "probe.reachable";
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void shouldTurnAWeekOfRealAtlasPingsIntoReachabilityPointsForEveryWindow(@TempDir final Path dataDir) throws Exception {
        final Path week = SharedData.file(WEEK);
        final Path table = SharedData.file(TABLE);
        final Instant[] span = timeSpan(week);
        final long windows = Duration.between(floor(span[0]), floor(span[1])).dividedBy(WINDOW);

        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             RegistryServer registry = RegistryServer.start(RegistryServerConfig.of(kafka.bootstrapServers()).withPort(0))) {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final CommandLine cli = OutageWatchCli.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            final int exit = cli.execute("ingest", "atlas", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--schema-registry-url", registry.url(), "--create-topics", "--prefix-table", table.toString(),
                    week.toString());
            assertThat(exit).as("ingest atlas: %s%n%s", out, err).isZero();
            assertThat(out.toString()).contains("2,520 records").contains("0 dead letters");

            final Settings settings = Settings.of(Map.of(
                    Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    Settings.SCHEMA_REGISTRY_URL, registry.url(),
                    "application.id", "real-data-e2e-" + UUID.randomUUID(),
                    DetectorApp.DATA_DIR, dataDir.toString(),
                    DetectorSettings.PREFIX + "window-size", WINDOW.toString(),
                    "commit.interval.ms", "100"));
            final TopicCatalog topics = DetectorApp.catalog(settings);
            final Map<Instant, SignalPoint> points = new TreeMap<>();
            try (DetectorApp app = new DetectorApp(settings);
                 KafkaConsumer<String, SignalPoint> consumer = new KafkaConsumer<>(Map.of(
                         ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                         ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                         ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                         ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                         new StringDeserializer(), topics.signalPoints().valueSerde().deserializer())) {
                app.start();
                assertThat(app.awaitRunning(WAIT)).isTrue();
                consumer.subscribe(List.of(topics.signalPoints().name()));
                final long deadline = System.nanoTime() + WAIT.toNanos();
                long duplicates = 0;
                while (points.size() < windows - 1 && System.nanoTime() < deadline && app.state() != KafkaStreams.State.ERROR) {
                    for (final ConsumerRecord<String, SignalPoint> record : consumer.poll(Duration.ofMillis(200))) {
                        final SignalPoint point = record.value();
                        if (point.getEntity().equals(ENTITY) && point.getSignal().equals(SIGNAL)
                                && points.put(point.getWindowStart(), point) != null) {
                            duplicates++;
                        }
                    }
                }
                assertThat(duplicates).isZero();
            }

            // every window of the week but the last one or two (still open: nothing later arrives to close them)
            assertThat((long) points.size()).isBetween(windows - 2, windows);
            assertThat(points.keySet().iterator().next()).isEqualTo(floor(span[0]));
            assertThat(points.values()).allSatisfy(point -> {
                assertThat(point.getValue()).isBetween(0.0, 1.0);
                assertThat(point.getCoverage()).isPositive();
                assertThat(Duration.between(point.getWindowStart(), point.getWindowEnd())).isEqualTo(WINDOW);
            });
            final long probes = points.values().stream().mapToLong(SignalPoint::getCoverage).sum();
            assertThat(probes).isBetween(RESULTS - 10L, (long) RESULTS);
        }
    }

    /** The first and last result times of the file. */
    private static Instant[] timeSpan(final Path file) throws IOException {
        final ObjectMapper mapper = new ObjectMapper();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long lines = 0;
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                final long timestamp = mapper.readTree(line).get("timestamp").asLong();
                first = Math.min(first, timestamp);
                last = Math.max(last, timestamp);
                lines++;
            }
        }
        assertThat(lines).isEqualTo(RESULTS);
        return new Instant[] {Instant.ofEpochSecond(first), Instant.ofEpochSecond(last)};
    }

    private static Instant floor(final Instant time) {
        return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), WINDOW.toMillis()) * WINDOW.toMillis());
    }
}
