package org.outagewatch.deploy.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.deploy.backtest.IncidentScenario;
import org.outagewatch.deploy.backtest.IncidentScenarios;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.detector.backtest.OfflineDriver;
import org.outagewatch.ingest.synthetic.WorldGenerator;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.registry.server.RegistryServer;
import org.outagewatch.schemas.registry.server.RegistryServerConfig;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.TopicCatalog;
import org.outagewatch.deploy.replay.WorldRuns.Run;

/**
 * Backtest = live. A seeded synthetic world of several days, with outages in several countries, is published as a
 * backlog to a real broker with four partitions per topic; {@code detect} (a {@link DetectorApp} with two stream
 * threads) works through it while the tasks run hours apart, and its alerts and incident records (read committed)
 * must equal, record for record and in order per key, those of the same events run offline in one task (the
 * backtest's {@link OfflineDriver}): the same alert ids, statuses, windows and severities; the same incident
 * OPEN / UPDATE / RESOLVED records with the same kinds, scopes and alerts. The country points come from the rollup's
 * progress markers, so the country alerts match too. The same for the {@code pk-2020} incident scenario (service
 * tests from Pakistani networks with controls, Zoom failing worldwide first, then Twitter blocked in PK): its
 * incidents come out live as they do in the backtest.
 *
 * <p>Each partition gets one last traffic sample just after the world ends (of a network of its own), so every
 * stage-1 task closes the same windows live as the single offline task does. What this does not cover: the stalled
 * feed rule (every active series of a signal silent in a window, at least stall-min-series of them) is judged per
 * stage-1 task, so a window in which every network falls silent is a feed gap offline (one task, all networks) and
 * may be outages live (four tasks with fewer networks each).
 */
class BacktestEqualsLiveIntegrationTest {
    private static final Duration LENGTH = Duration.ofDays(2);
    private static final Duration QUIET = Duration.ofSeconds(20);
    private static final Duration DEADLINE = Duration.ofMinutes(6);

    private static WorldGenerator generator() {
        return WorldRuns.generator(20, LENGTH, 1, 6);
    }

    @Test
    void shouldGiveTheSameAlertsAndIncidentsLiveOnFourPartitionsAsOffline(@TempDir final Path dataDir) throws Exception {
        final WorldGenerator generator = generator();
        final List<BacktestRecord> events = WorldRuns.backlog(generator, LENGTH);
        final Run offline = WorldRuns.offline(generator.asnInfos(), events, dataDir.resolve("offline"));
        assertThat(offline.alerts().keySet()).as("country alerts come from the rollup")
                .anyMatch(key -> !key.startsWith("AS"));
        assertSameLive(generator.asnInfos(), events, offline, dataDir);
    }

    @Test
    void shouldGiveThePakistanIncidentsLiveAsOffline(@TempDir final Path dataDir) throws Exception {
        final IncidentScenario pakistan = IncidentScenarios.find("pk-2020");
        final List<BacktestRecord> events = new ArrayList<>(pakistan.events().get());
        final Instant end = events.stream().map(BacktestRecord::eventTime).max(Instant::compareTo).orElseThrow();
        events.addAll(WorldRuns.flushes(end));
        final Run offline = WorldRuns.offline(pakistan.asns(), events, dataDir.resolve("offline"));
        assertThat(offline.incidents().values()).as("the scenario's incidents, offline").hasSizeGreaterThanOrEqualTo(2);
        assertSameLive(pakistan.asns(), events, offline, dataDir);
    }

    private static void assertSameLive(final List<AsnInfo> asns, final List<BacktestRecord> events, final Run offline,
                                       final Path dataDir) throws Exception {
        assertThat(offline.alerts()).as("the world has outages: the offline run alerts").isNotEmpty();
        assertThat(offline.incidents()).as("and makes incidents").isNotEmpty();
        final Run live = live(asns, events, dataDir.resolve("live"), offline);
        assertThat(live.alerts()).as("alerts per series").isEqualTo(offline.alerts());
        assertThat(live.incidents()).as("incident records per incident").isEqualTo(offline.incidents());
    }

    private static Run live(final List<AsnInfo> asns, final List<BacktestRecord> events, final Path dataDir,
                            final Run expected)
            throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             RegistryServer registry = RegistryServer.start(RegistryServerConfig.of(kafka.bootstrapServers()).withPort(0))) {
            final Map<String, String> values = new HashMap<>();
            values.put(Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            values.put(Settings.SCHEMA_REGISTRY_URL, registry.url());
            values.put(StreamsConfig.APPLICATION_ID_CONFIG, "backtest-live-" + UUID.randomUUID());
            values.put(DetectorApp.DATA_DIR, dataDir.toString());
            values.put(DetectorApp.PARTITIONS, String.valueOf(WorldRuns.PARTITIONS));
            values.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2");
            final Settings settings = Settings.of(values);
            final TopicCatalog topics = DetectorApp.catalog(settings);
            WorldRuns.createTopics(kafka, topics);
            WorldRuns.publish(kafka, topics, asns, events);

            try (DetectorApp app = new DetectorApp(settings);
                 WorldRuns.RunReader reader = new WorldRuns.RunReader(kafka.bootstrapServers(), topics)) {
                app.start();
                final long deadline = System.nanoTime() + DEADLINE.toNanos();
                long lastNew = System.nanoTime();
                while (System.nanoTime() < deadline && app.state() != KafkaStreams.State.ERROR
                        && !(reader.size() >= expected.size() && System.nanoTime() - lastNew > QUIET.toNanos())) {
                    if (reader.poll(Duration.ofMillis(500)) > 0) {
                        lastNew = System.nanoTime();
                    }
                }
                assertThat(app.state()).isNotEqualTo(KafkaStreams.State.ERROR);
                return reader.run();
            }
        }
    }
}
