package org.outagewatch.deploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.deploy.replay.WorldRuns;
import org.outagewatch.deploy.stack.Ports;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.ingest.synthetic.WorldGenerator;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.registry.server.RegistryServer;
import org.outagewatch.schemas.registry.server.RegistryServerConfig;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.TopicCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema registry down for 30 s (issue 13, part 2). A backlog is published while it is up; then it stops, and
 * {@code outagewatch detect} (which must fetch the writers' schemas by id before it can read a record) and
 * {@code outagewatch ingest synthetic} (which must register its schemas before it can send one) start, each in a JVM
 * of its own, as a user starts them. The registry comes back on the same port 30 s after the detector first found it
 * gone (ingest, started first, waits longer). Both must carry on by
 * themselves: ingest ends with exit code 0, the detector commits every input record, and each says so in one log line
 * when the registry goes away and one when it is back (no stack trace per record).
 */
class RegistryOutageIntegrationTest {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryOutageIntegrationTest.class);
    private static final Duration DOWN = Duration.ofSeconds(Long.getLong("registry-outage.down-seconds", 30));
    private static final Duration DEADLINE = Duration.ofMinutes(2);
    private static final String UNREACHABLE = "unreachable (";
    private static final String BACK = "reachable again after";

    @Test
    void shouldRetryAndRecoverWhenTheRegistryIsDownForThirtySecondsAndSaySoInOneLineEach(@TempDir final Path dir)
            throws Exception {
        final WorldGenerator generator = WorldRuns.generator(4, Duration.ofDays(2), 1, 1);
        final List<BacktestRecord> events = WorldRuns.world(generator);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); Admin admin = kafka.admin()) {
            final RegistryServerConfig registryConfig = RegistryServerConfig.of(kafka.bootstrapServers()).withPort(Ports.findFree());
            final RegistryServer first = RegistryServer.start(registryConfig);
            final String url = first.url();
            final Settings settings = Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    Settings.SCHEMA_REGISTRY_URL, url, DetectorApp.PARTITIONS, String.valueOf(WorldRuns.PARTITIONS)));
            final TopicCatalog topics = DetectorApp.catalog(settings);
            WorldRuns.createTopics(kafka, topics);
            WorldRuns.publish(kafka, topics, generator.asnInfos(), events);
            first.close();

            final String applicationId = "registry-outage-" + UUID.randomUUID();
            final Path config = dir.resolve("detector.properties");
            Files.writeString(config, String.join("\n", DetectorApp.DATA_DIR + "=" + dir.resolve("data"),
                    DetectorApp.PARTITIONS + "=" + WorldRuns.PARTITIONS, ""));
            final Path logs = Files.createDirectories(Path.of("target", "registry-outage-it", applicationId));
            final Path detectLog = dir.resolve("stack").resolve("logs").resolve("outagewatch-detect.log");
            final Path ingestLog = dir.resolve("stack").resolve("logs").resolve("outagewatch-ingest-synthetic.log");
            // ingest first (its JVM takes a while to start too), then the detector
            try (DetectorProcess ingest = DetectorProcess.cli(dir, logs.resolve("ingest.out"), List.of("ingest", "synthetic",
                    "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", url,
                    "--asns", "3", "--days", "2", "--seed", "5", "--outages", "1"));
                 DetectorProcess detector = DetectorProcess.start(dir, logs, 1, List.of("--bootstrap-servers",
                         kafka.bootstrapServers(), "--schema-registry-url", url, "--application-id", applicationId,
                         "--api-port", "off"), config)) {
                // the registry's absence counts from when the detector first needs it (its start-up takes a while)
                final long deadline = System.nanoTime() + DEADLINE.toNanos();
                while (count(detectLog, url, UNREACHABLE) == 0 && detector.alive() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(count(detectLog, url, UNREACHABLE)).as("the detector finds the registry gone: " + detector.tail())
                        .isEqualTo(1);
                final long found = System.nanoTime();
                Thread.sleep(DOWN.toMillis());
                assertThat(detector.alive()).as("the detector waits for the registry: " + detector.tail()).isTrue();
                assertThat(ingest.alive()).as("ingest waits for the registry: " + ingest.tail()).isTrue();
                try (RegistryServer second = RegistryServer.start(registryConfig)) {
                    final long back = System.nanoTime();
                    LOG.info("Registry back on {} {} s after the detector found it gone", second.url(),
                            Duration.ofNanos(back - found).toSeconds());
                    final OptionalInt ingestExit = ingest.waitFor(DEADLINE.toSeconds());
                    assertThat(ingestExit).as("ingest ends by itself: " + ingest.tail()).isEqualTo(OptionalInt.of(0));
                    final GroupProgress progress = new GroupProgress(admin, applicationId,
                            List.of(topics.probeResults().name(), topics.trafficSamples().name()));
                    assertThat(progress.total()).as("ingest published its world after the backlog").isGreaterThan(events.size());
                    final long committedBy = System.nanoTime() + DEADLINE.toNanos();
                    while (progress.committed() < progress.total() && detector.alive() && System.nanoTime() < committedBy) {
                        Thread.sleep(200);
                    }
                    LOG.info("Registry outage: ingest done and the detector committed {} of {} records {} s after the"
                                    + " registry was back", progress.committed(), progress.total(),
                            Duration.ofNanos(System.nanoTime() - back).toSeconds());
                    assertThat(detector.alive()).as(detector.tail()).isTrue();
                    assertThat(progress.committed()).as("the detector read everything: " + detector.tail())
                            .isEqualTo(progress.total());
                    // stopped while the registry is still up (else they would find it gone again)
                    detector.close();
                }
                for (final Path log : List.of(detectLog, ingestLog)) {
                    Files.copy(log, logs.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
                for (final Path log : List.of(detectLog, ingestLog)) {
                    assertThat(count(log, url, UNREACHABLE)).as("one line when the registry goes away, in " + log).isEqualTo(1);
                    assertThat(count(log, url, BACK)).as("one line when it is back, in " + log).isEqualTo(1);
                    assertThat(Files.readAllLines(log).stream().filter(l -> l.startsWith("\tat ")))
                            .as("no stack trace in " + log).isEmpty();
                }
            }
        }
    }

    /** Lines of {@code log} about the registry at {@code url} that contain {@code what}. */
    private static long count(final Path log, final String url, final String what) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.readAllLines(log).stream().filter(l -> l.contains("schema registry at " + url) && l.contains(what)).count();
    }
}
