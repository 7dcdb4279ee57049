package org.outagewatch.deploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.deploy.replay.WorldRuns;
import org.outagewatch.deploy.replay.WorldRuns.Run;
import org.outagewatch.deploy.stack.KafkaBroker;
import org.outagewatch.deploy.stack.LocalStack;
import org.outagewatch.deploy.stack.Ports;
import org.outagewatch.deploy.stack.ServiceSpec;
import org.outagewatch.deploy.stack.ServiceSupervisor;
import org.outagewatch.deploy.stack.StackConfig;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.ingest.synthetic.WorldGenerator;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.registry.server.RegistryServer;
import org.outagewatch.schemas.registry.server.RegistryServerConfig;
import org.outagewatch.schemas.topic.TopicCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker down for 30 s in the middle of a backlog (issue 13, part 2): the real broker of the local stack
 * ({@link KafkaBroker}, a process of its own from the Maven Central jars) is stopped once a sixth of the seeded
 * world is committed ({@code -Dbroker-restart.stop-at=0}: at the first commit) and started again 30 s later on the same ports and log directories; {@code outagewatch detect}
 * ({@link DetectorProcess}, its own JVM) is never touched. It must resume by itself, commit the whole backlog and
 * alerts and incidents (read_committed) equal to the undisturbed (offline) run's: none missing, none twice. Country
 * alerts used to differ after a restart (stage-1 tasks turning idle by the wall clock while the broker was away,
 * docs/RELIABILITY.md); with idleness decided from the input backlog, and a backlog not known while the broker is away
 * keeping the writers waiting whatever was measured before, they must match too
 * ({@code -Dbroker-restart.strict-countries=false} checks the network alerts only and logs a country difference).
 * Logs the time from the broker being ready again to the group committing past where it stood.
 */
class BrokerRestartIntegrationTest {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartIntegrationTest.class);
    private static final Duration LENGTH = Duration.ofDays(2);
    private static final Duration DOWN = Duration.ofSeconds(Long.getLong("broker-restart.down-seconds", 30));
    /**
     * The share of the backlog committed when the broker stops (0: at the group's first commit). A sixth by default:
     * far enough for the probe side to be hours of event time ahead of a traffic task that has not read yet, which is
     * what makes a writer wrongly taken as idle during the outage cost country alerts.
     */
    private static final double STOP_AT = Double.parseDouble(System.getProperty("broker-restart.stop-at", "0.1667"));
    private static final Duration QUIET = Duration.ofSeconds(8);
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    /** true (the default): country alerts and incidents must match too; false: network alerts only. */
    private static final boolean STRICT_COUNTRIES = Boolean.parseBoolean(
            System.getProperty("broker-restart.strict-countries", "true"));

    @Test
    void shouldResumeByItselfAndGiveTheUndisturbedAlertsAfterTheBrokerWasDownForThirtySeconds(@TempDir final Path dir)
            throws Exception {
        final WorldGenerator generator = WorldRuns.generator(6, LENGTH, 1, 3);
        final List<BacktestRecord> events = WorldRuns.backlog(generator, LENGTH);
        final CompletableFuture<Run> offline = WorldRuns.offlineAsync(generator.asnInfos(), events,
                dir.resolve("offline"));

        final StackConfig stackConfig = stackConfig(dir.resolve("stack"));
        final LocalStack stack = new LocalStack(stackConfig);
        final ServiceSupervisor supervisor = new ServiceSupervisor();
        final ServiceSpec broker = new KafkaBroker(stackConfig).spec();
        stack.start();
        try (RegistryServer registry = RegistryServer.start(RegistryServerConfig.of(stack.bootstrapServers()).withPort(0));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            final String applicationId = "broker-restart-" + UUID.randomUUID();
            final Settings settings = Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, stack.bootstrapServers(),
                    Settings.SCHEMA_REGISTRY_URL, registry.url(), DetectorApp.PARTITIONS, String.valueOf(WorldRuns.PARTITIONS)));
            final TopicCatalog topics = DetectorApp.catalog(settings);
            WorldRuns.createTopics(admin, topics);
            WorldRuns.publish(stack.bootstrapServers(), topics, generator.asnInfos(), events);
            final GroupProgress progress = new GroupProgress(admin, applicationId,
                    List.of(topics.probeResults().name(), topics.trafficSamples().name()));
            assertThat(progress.total()).isEqualTo(events.size());

            final Path config = dir.resolve("detector.properties");
            Files.writeString(config, String.join("\n", DetectorApp.DATA_DIR + "=" + dir.resolve("data"),
                    DetectorApp.PARTITIONS + "=" + WorldRuns.PARTITIONS, "num.stream.threads=2", ""));
            final List<String> flags = List.of("--bootstrap-servers", stack.bootstrapServers(),
                    "--schema-registry-url", registry.url(), "--application-id", applicationId, "--api-port", "off", "--verbose");
            final Path logs = Files.createDirectories(Path.of("target", "broker-restart-it", applicationId));
            try (WorldRuns.RunReader reader = new WorldRuns.RunReader(stack.bootstrapServers(), topics);
                 DetectorProcess detector = DetectorProcess.start(dir, logs, 1, flags, config)) {
                final long deadline = System.nanoTime() + DEADLINE.toNanos();
                final long stopAt = Math.max(1L, (long) (progress.total() * STOP_AT));
                long committed = progress.committed();
                while (committed < stopAt && detector.alive() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    committed = progress.committed();
                }
                assertThat(committed).as("committed before the broker stops; " + detector.tail())
                        .isBetween(stopAt, progress.total() - 1);

                final long atStop = progress.committed();
                supervisor.stop(broker);
                LOG.info("Broker stopped at {} of {} committed; down for {} s", atStop, progress.total(), DOWN.toSeconds());
                Thread.sleep(DOWN.toMillis());
                supervisor.start(broker);
                final long back = System.nanoTime();
                final long drained = back + DEADLINE.toNanos();
                while (progress.committed() <= atStop && detector.alive() && System.nanoTime() < drained) {
                    Thread.sleep(100);
                }
                final Duration resumed = Duration.ofNanos(System.nanoTime() - back);
                assertThat(detector.alive()).as("the detector survives the broker's absence: " + detector.tail()).isTrue();
                assertThat(progress.committed()).as("committing again after the broker is back").isGreaterThan(atStop);

                long lastNew = System.nanoTime();
                while (System.nanoTime() < drained && detector.alive()
                        && !(offline.isDone() && reader.size() >= offline.get().size()
                        && progress.committed() == progress.total() && System.nanoTime() - lastNew > QUIET.toNanos())) {
                    if (reader.poll(Duration.ofMillis(500)) > 0) {
                        lastNew = System.nanoTime();
                    }
                }
                LOG.info("Broker restart: {} events, stopped at {} committed, down {} s; committing again {} ms after the"
                        + " broker was ready; {} alert and incident records", progress.total(), atStop, DOWN.toSeconds(),
                        resumed.toMillis(), reader.size());
                assertThat(detector.alive()).as(detector.tail()).isTrue();
                assertThat(progress.committed()).as("the whole backlog committed within " + DEADLINE + " of the restart")
                        .isEqualTo(progress.total());
                final Run expected = offline.get();
                assertThat(expected.alerts()).as("the world has outages").isNotEmpty();
                assertThat(expected.incidents()).isNotEmpty();
                final Run live = reader.run();
                for (final List<String> records : live.alerts().values()) {
                    assertThat(records).as("no alert record twice").doesNotHaveDuplicates();
                }
                assertThat(networks(live.alerts())).as("network alerts after the broker restart")
                        .isEqualTo(networks(expected.alerts()));
                // country alerts (and the incidents they join) wait for every stage-1 task's progress markers: the
                // ones a restart used to disturb (docs/RELIABILITY.md, "country points after a restart")
                final boolean countriesEqual = live.alerts().equals(expected.alerts()) && live.incidents().equals(expected.incidents());
                if (STRICT_COUNTRIES) {
                    assertThat(live.alerts()).as("alerts per series after the broker restart").isEqualTo(expected.alerts());
                    assertThat(live.incidents()).as("incident records after the broker restart").isEqualTo(expected.incidents());
                } else if (!countriesEqual) {
                    LOG.warn("Broker restart: country alerts or incidents differ from the undisturbed run: country alerts"
                            + " {} vs {}, incidents {} vs {}", countries(live.alerts()),
                            countries(expected.alerts()), live.incidents(), expected.incidents());
                }
            }
        } finally {
            stack.stop();
        }
    }

    /** The alerts of networks (keys {@code AS<n>|signal}), keyed as given. */
    private static Map<String, List<String>> networks(final Map<String, List<String>> alerts) {
        final Map<String, List<String>> networks = new TreeMap<>(alerts);
        networks.keySet().removeIf(key -> !key.startsWith("AS"));
        return networks;
    }

    /** The alerts of countries and services (every key that is not a network's). */
    private static Map<String, List<String>> countries(final Map<String, List<String>> alerts) {
        final Map<String, List<String>> countries = new TreeMap<>(alerts);
        countries.keySet().removeIf(key -> key.startsWith("AS"));
        return countries;
    }

    /** The local stack's broker (no registry: the test runs ours in its JVM) in {@code dataDir}, on free ports. */
    private static StackConfig stackConfig(final Path dataDir) {
        final Map<String, String> values = new HashMap<>();
        values.put(StackConfig.DATA_DIR, dataDir.toString());
        values.put(StackConfig.BROKER_LIB, System.getProperty(StackConfig.BROKER_LIB));
        values.put(StackConfig.DISTRIBUTION_JAR, System.getProperty(StackConfig.DISTRIBUTION_JAR));
        values.put(StackConfig.KAFKA_PORT, Integer.toString(Ports.findFree()));
        values.put(StackConfig.CONTROLLER_PORT, Integer.toString(Ports.findFree()));
        values.put(StackConfig.REGISTRY_PORT, Integer.toString(Ports.findFree()));
        values.put(StackConfig.KAFKA_HEAP, "512m");
        values.put(StackConfig.START_TIMEOUT_SECONDS, "90");
        return StackConfig.from(Settings.of(values), dataDir).withRegistryEnabled(false);
    }
}
