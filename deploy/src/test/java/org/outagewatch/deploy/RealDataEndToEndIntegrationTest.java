package org.outagewatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.outagewatch.detector.signals.FoldedSignal;
import org.outagewatch.detector.signals.ServiceFoldProcessor;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.registry.server.RegistryServer;
import org.outagewatch.schemas.registry.server.RegistryServerConfig;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.testing.SharedData;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;
import picocli.CommandLine;

/**
 * Real RIPE Atlas results end to end on a real broker: the week of anchor pings of msm 1042404 (probe 6098, 2,520
 * results) goes through {@code outagewatch ingest atlas} (target ASN from the shared pyasn table) into the embedded
 * KRaft broker, with the schemas in the registry server over HTTP; the detector reads them from the same broker and
 * registry, and {@code signal-points} carries one {@code probe.reachable} point per 5-minute window of the week for
 * the target's ASN. A real OONI web_connectivity measurement and an hour of traffic counters go through
 * {@code ingest ooni} and {@code ingest traffic} the same way and come out as {@code service.accessible} and
 * {@code traffic.volume} points.
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
    /** A real OONI web_connectivity measurement from AS197207 (IR) of www.facebook.com at 2022-08-15T19:00:43Z. */
    private static final String OONI_FILE = "ooni/backend-fastpath-fixtures/web_connectivity_ir_fp.json";
    /**
     * A later real measurement (2025, archive.org from Indonesia): the service signal's stream time is that of probe
     * results only, so it closes the first measurement's window.
     */
    private static final String LATER_OONI_FILE = "ooni/backend-fastpath-fixtures/20250527233111.802678_ID_webconnectivity_5a37ec909dbf14e3.json";
    private static final String OONI_FINGERPRINTS = "ooni/backend-fastpath-fixtures/fingerprints_dns.json";
    private static final String OONI_ENTITY = "AS197207/www.facebook.com";
    /** The window of the OONI measurement: the traffic counters start there and run an hour. */
    private static final Instant T0 = Instant.parse("2022-08-15T19:00:00Z");
    private static final String TRAFFIC_ENTITY = "AS64500";
    private static final int TRAFFIC_MINUTES = 60;
    private static final int TRAFFIC_ROWS = TRAFFIC_MINUTES / 5 + 1;
    /** The last two windows stay open: the last row is in the last one, and the one before waits for the grace. */
    private static final int CLOSED_TRAFFIC_WINDOWS = TRAFFIC_ROWS - 2;
    private static final long BYTES = 1_000_000;

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

    @Test
    void shouldTurnARealOoniMeasurementAndTrafficCountersIntoServiceAndTrafficPoints(@TempDir final Path dataDir)
            throws Exception {
        final Path ooni = SharedData.file(OONI_FILE);
        final Path laterOoni = SharedData.file(LATER_OONI_FILE);
        final Path traffic = dataDir.resolve("traffic.csv");
        final StringBuilder csv = new StringBuilder("timestamp,key,bytes,packets\n");
        for (int minute = 0; minute <= TRAFFIC_MINUTES; minute += (int) WINDOW.toMinutes()) {
            csv.append(at(minute)).append(',').append(TRAFFIC_ENTITY).append(',').append(BYTES + minute).append(",100\n");
        }
        Files.writeString(traffic, csv);

        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             RegistryServer registry = RegistryServer.start(RegistryServerConfig.of(kafka.bootstrapServers()).withPort(0))) {
            // one partition per topic: stage 1's stream time, which closes the OONI window, comes from the traffic rows
            for (final Topic<String, ?> topic : TopicCatalog.create(Map.of(Settings.SCHEMA_REGISTRY_URL, registry.url()), 1).all()) {
                kafka.createTopic(topic);
            }
            final String ingestedOoni = ingest(kafka, registry, "ooni", ooni, laterOoni);
            assertThat(ingestedOoni).contains("2 records").contains("0 dead letters");
            final String ingestedTraffic = ingest(kafka, registry, "traffic", traffic);
            assertThat(ingestedTraffic).contains(TRAFFIC_ROWS + " records").contains("0 dead letters");

            final Settings settings = Settings.of(Map.of(
                    Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    Settings.SCHEMA_REGISTRY_URL, registry.url(),
                    "application.id", "real-data-e2e-" + UUID.randomUUID(),
                    DetectorApp.DATA_DIR, dataDir.resolve("detector").toString(),
                    DetectorApp.PARTITIONS, "1",
                    DetectorSettings.PREFIX + "window-size", WINDOW.toString(),
                    "commit.interval.ms", "100"));
            final TopicCatalog topics = DetectorApp.catalog(settings);
            final List<SignalPoint> service = new ArrayList<>();
            final Map<Instant, SignalPoint> volume = new TreeMap<>();
            try (DetectorApp app = new DetectorApp(settings);
                 KafkaConsumer<String, SignalPoint> consumer = consumer(kafka, topics)) {
                app.start();
                assertThat(app.awaitRunning(WAIT)).isTrue();
                consumer.subscribe(List.of(topics.signalPoints().name()));
                final long deadline = System.nanoTime() + WAIT.toNanos();
                while ((service.isEmpty() || volume.size() < CLOSED_TRAFFIC_WINDOWS) && System.nanoTime() < deadline
                        && app.state() != KafkaStreams.State.ERROR) {
                    for (final ConsumerRecord<String, SignalPoint> record : consumer.poll(Duration.ofMillis(200))) {
                        final SignalPoint point = record.value();
                        if (point.getEntity().equals(OONI_ENTITY) && point.getSignal().equals(ServiceFoldProcessor.SIGNAL)) {
                            service.add(point);
                        } else if (point.getEntity().equals(TRAFFIC_ENTITY)
                                && point.getSignal().equals(FoldedSignal.TRAFFIC_VOLUME.id())) {
                            volume.put(point.getWindowStart(), point);
                        }
                    }
                }
            }

            // the measurement's DNS answer matches a blocking fingerprint: the service was not reached in its window
            assertThat(service).singleElement().satisfies(point -> {
                assertThat(point.getWindowStart()).isEqualTo(at(0));
                assertThat(point.getValue()).isZero();
                assertThat(point.getCoverage()).isEqualTo(1);
            });
            // every window but the last one or two (nothing later arrives to close them)
            assertThat(volume.size()).isBetween(CLOSED_TRAFFIC_WINDOWS, TRAFFIC_ROWS);
            assertThat(volume.keySet().iterator().next()).isEqualTo(at(0));
            assertThat(volume.values()).allSatisfy(point -> {
                final long minute = Duration.between(at(0), point.getWindowStart()).toMinutes();
                assertThat(point.getValue()).isEqualTo((double) (BYTES + minute));
                assertThat(point.getCoverage()).isEqualTo(1);
            });
        }
    }

    /** Runs {@code outagewatch ingest <command>} on files against the broker and registry; returns its output. */
    private static String ingest(final EmbeddedKafka kafka, final RegistryServer registry, final String command,
                                 final Path... files) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = OutageWatchCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        final List<String> args = new ArrayList<>(List.of("ingest", command, "--bootstrap-servers", kafka.bootstrapServers(),
                "--schema-registry-url", registry.url()));
        if (command.equals("ooni")) {
            args.addAll(List.of("--fingerprints", SharedData.file(OONI_FINGERPRINTS).toString()));
        }
        Arrays.stream(files).map(Path::toString).forEach(args::add);
        final int exit = cli.execute(args.toArray(String[]::new));
        assertThat(exit).as("ingest %s: %s%n%s", command, out, err).isZero();
        return out.toString();
    }

    private static KafkaConsumer<String, SignalPoint> consumer(final EmbeddedKafka kafka, final TopicCatalog topics) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), topics.signalPoints().valueSerde().deserializer());
    }

    private static Instant at(final long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
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
