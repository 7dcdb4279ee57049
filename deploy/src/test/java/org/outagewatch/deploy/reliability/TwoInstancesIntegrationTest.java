package org.outagewatch.deploy.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.deploy.replay.WorldRuns;
import org.outagewatch.deploy.replay.WorldRuns.Run;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.StaticMembership;
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
 * Two instances and standbys (issue 13, part 6): two {@code outagewatch detect} JVMs ({@link DetectorProcess}, as a
 * user starts them on one machine: the same application id, each its own properties file with its own state
 * directory and instance id, each its own API port) share a backlog on four partitions, one stream thread each, one
 * standby replica ({@code --standby-replicas 1}). They start on empty input topics (the ASN metadata only); the
 * backlog is published once both own input partitions, and when a third of it is committed the second instance is
 * killed with SIGKILL and not restarted. The first must take its tasks (after the dead
 * member's session timeout, 10 s here) from its warm standbys, and the alerts and incident records committed
 * (read_committed) must equal those of the one-task run on the same input ({@link WorldRuns#offline}): the same ids,
 * statuses, windows, severities, in order per key, none missing, none twice.
 *
 * <p>Measured and logged: the time from the kill to the survivor committing past the killed instance's offsets on
 * the killed instance's input partitions, and the survivor's restore after taking over ({@code RestoreLog}'s line:
 * records restored, standby store partitions promoted to active), beside what the changelogs hold.
 */
class TwoInstancesIntegrationTest {
    private static final Logger LOG = LoggerFactory.getLogger(TwoInstancesIntegrationTest.class);
    /** Half the crash test's world (20 ASNs): the outages still make alerts and incidents, in half the time. */
    private static final int ASNS = 10;
    private static final int OUTAGES = 4;
    private static final Duration LENGTH = Duration.ofDays(2);
    /** How long the broker waits for a silent member: the floor of failover after a SIGKILL. */
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofSeconds(10);
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final Pattern API = Pattern.compile("API and dashboard: http://localhost:(\\d+)/");
    private static final Pattern RESTORED = Pattern.compile("Restored (\\d+) changelog records into (\\d+) store partitions"
            + " since the last rebalance \\((\\d+) standby store partitions promoted to active\\)");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldGiveTheOneInstanceAlertsAndIncidentsWhenOneOfTwoInstancesIsKilledAndItsStandbyTakesOver(
            @TempDir final Path dir) throws Exception {
        final WorldGenerator generator = WorldRuns.generator(ASNS, LENGTH, 1, OUTAGES);
        final List<BacktestRecord> events = WorldRuns.backlog(generator, LENGTH);
        final CompletableFuture<Run> offline = WorldRuns.offlineAsync(generator.asnInfos(), events,
                dir.resolve("offline"));

        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             RegistryServer registry = RegistryServer.start(RegistryServerConfig.of(kafka.bootstrapServers()).withPort(0));
             Admin admin = kafka.admin()) {
            final String applicationId = "two-" + UUID.randomUUID();
            final Settings settings = Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    Settings.SCHEMA_REGISTRY_URL, registry.url(), DetectorApp.PARTITIONS, String.valueOf(WorldRuns.PARTITIONS)));
            final TopicCatalog topics = DetectorApp.catalog(settings);
            WorldRuns.createTopics(kafka, topics);
            // the ASN metadata first (the global table each instance loads before it runs), the events once both run
            WorldRuns.publish(kafka, topics, generator.asnInfos(), List.of());
            final List<String> inputs = List.of(topics.probeResults().name(), topics.trafficSamples().name());

            final List<String> flags = List.of("--bootstrap-servers", kafka.bootstrapServers(),
                    "--schema-registry-url", registry.url(), "--application-id", applicationId,
                    "--standby-replicas", "1", "--api-port", "0", "--verbose");
            final Path logs = Files.createDirectories(Path.of("target", "two-instances-it", applicationId));
            final List<DetectorProcess> started = new ArrayList<>();
            try (WorldRuns.RunReader reader = new WorldRuns.RunReader(kafka.bootstrapServers(), topics)) {
                started.add(DetectorProcess.start(dir, logs, 1, flags, config(dir, 1)));
                started.add(DetectorProcess.start(dir, logs, 2, flags, config(dir, 2)));
                final DetectorProcess survivor = started.get(0);
                final DetectorProcess victim = started.get(1);

                // both work: each owns input partitions, each answers on its own API port and sees the other
                final Map<String, Set<TopicPartition>> owners = awaitBothOwnInputs(admin, applicationId, inputs, started);
                final int survivorPort = apiPort(survivor);
                final int victimPort = apiPort(victim);
                assertThat(survivorPort).isNotEqualTo(victimPort);
                final JsonNode health = get(survivorPort, "/api/health");
                assertThat(health.path("instances").toString()).contains(":" + survivorPort).contains(":" + victimPort);

                // the backlog, shared from its first record (however fast this machine, the kill lands in its middle)
                WorldRuns.publish(kafka, topics, List.of(), events);
                final GroupProgress progress = new GroupProgress(admin, applicationId, inputs);
                assertThat(progress.total()).isEqualTo(events.size());

                final long threshold = progress.total() / 3;
                final long killBy = System.nanoTime() + DEADLINE.toNanos();
                while (progress.committed() < threshold && victim.alive() && survivor.alive() && System.nanoTime() < killBy) {
                    Thread.sleep(100);
                }
                assertThat(victim.alive()).as(victim.tail()).isTrue();
                assertThat(progress.committed()).as("committed before the kill").isGreaterThanOrEqualTo(threshold);
                final Set<TopicPartition> victims = owners.get(instanceId(2));
                final long victimsAtKill = progress.committed(victims);
                final long survivorLinesAtKill = Files.readAllLines(survivor.output).size();
                assertThat(progress.committed()).as("the kill must land in the middle of the backlog")
                        .isLessThan(progress.total());
                assertThat(victimsAtKill).as("the killed instance's partitions have records left")
                        .isLessThan(GroupProgress.endOffsets(admin, List.copyOf(victims)));
                final long killedAt = System.nanoTime();
                final LocalTime killClock = LocalTime.now();
                victim.kill();

                while (progress.committed(victims) <= victimsAtKill && survivor.alive()
                        && System.nanoTime() - killedAt < DEADLINE.toNanos()) {
                    Thread.sleep(100);
                }
                final Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
                assertThat(survivor.alive()).as(survivor.tail()).isTrue();
                assertThat(progress.committed(victims)).as("the survivor commits past the kill on "
                        + victims).isGreaterThan(victimsAtKill);
                assertThat(inputPartitions(admin, applicationId, inputs).get(instanceId(1)))
                        .as("the survivor owns every input partition").hasSize(inputs.size() * WorldRuns.PARTITIONS);

                final long deadline = System.nanoTime() + DEADLINE.toNanos();
                long lastNew = System.nanoTime();
                while (System.nanoTime() < deadline && survivor.alive()
                        && !(offline.isDone() && reader.size() >= offline.get().size()
                        && progress.committed() == progress.total()
                        && System.nanoTime() - lastNew > QUIET.toNanos())) {
                    if (reader.poll(Duration.ofMillis(500)) > 0) {
                        lastNew = System.nanoTime();
                    }
                }
                final Restores takeover = restoresAfter(survivor, survivorLinesAtKill);
                final Duration running = takeover.at() == null ? null : since(killClock, takeover.at());
                final long changelogRecords = GroupProgress.changelogRecords(admin, applicationId);
                LOG.info("Two instances: {} events; instance 2 killed at {} committed ({} on its partitions {});"
                                + " survivor RUNNING with its tasks {} ms after the kill (session timeout {} s), committing"
                                + " past them {} ms after the kill; it restored {} changelog records into {} store"
                                + " partitions, {} of them promoted standbys ({} records on the changelogs in all);"
                                + " {} alert and incident records", progress.total(), threshold, victimsAtKill, victims,
                        running == null ? "?" : running.toMillis(), SESSION_TIMEOUT.toSeconds(), failover.toMillis(),
                        takeover.records(), takeover.partitions(), takeover.promoted(), changelogRecords, reader.size());
                assertThat(survivor.alive()).as(survivor.tail()).isTrue();
                assertThat(get(survivorPort, "/api/health").path("status").asText()).isEqualTo("UP");
                assertThat(get(survivorPort, "/api/ready").path("status").asText()).as("RUNNING: ready").isEqualTo("READY");
                assertThat(takeover.promoted()).as("standby store partitions promoted to active on the survivor: "
                        + survivor.tail()).isPositive();

                final Run expected = offline.get();
                assertThat(expected.alerts()).as("the world has outages").isNotEmpty();
                assertThat(expected.incidents()).isNotEmpty();
                final Run live = reader.run();
                assertThat(live.alerts()).as("alerts per series, one of two instances killed").isEqualTo(expected.alerts());
                assertThat(live.incidents()).as("incident records, one of two instances killed")
                        .isEqualTo(expected.incidents());
            } finally {
                for (final DetectorProcess process : started) {
                    process.close();
                }
            }
        }
    }

    /** Instance {@code n}'s properties file: its own state directory and instance id, as two instances on one host need. */
    private static Path config(final Path dir, final int n) throws IOException {
        final Path config = dir.resolve("detector-" + n + ".properties");
        Files.writeString(config, String.join("\n",
                DetectorApp.DATA_DIR + "=" + dir.resolve("data-" + n),
                DetectorApp.PARTITIONS + "=" + WorldRuns.PARTITIONS,
                StaticMembership.INSTANCE_ID + "=" + instanceId(n),
                "num.stream.threads=1",
                "session.timeout.ms=" + SESSION_TIMEOUT.toMillis(), ""));
        return config;
    }

    private static String instanceId(final int n) {
        return "detector-" + n;
    }

    /** Waits until both instances' consumers own input partitions; by instance id. */
    private static Map<String, Set<TopicPartition>> awaitBothOwnInputs(final Admin admin, final String group,
            final List<String> inputs, final List<DetectorProcess> detectors) throws Exception {
        final long deadline = System.nanoTime() + DEADLINE.toNanos();
        Map<String, Set<TopicPartition>> owners = Map.of();
        while (System.nanoTime() < deadline && detectors.stream().allMatch(DetectorProcess::alive)) {
            owners = inputPartitions(admin, group, inputs);
            if (owners.size() == 2 && owners.values().stream().noneMatch(Set::isEmpty)
                    && owners.values().stream().mapToInt(Set::size).sum() == inputs.size() * WorldRuns.PARTITIONS) {
                return owners;
            }
            Thread.sleep(200);
        }
        for (final DetectorProcess detector : detectors) {
            assertThat(detector.alive()).as(detector.tail()).isTrue();
        }
        throw new AssertionError("The two instances did not share the input partitions: " + owners);
    }

    /** The input partitions each member of the group owns, by instance id (the static member id without its thread). */
    private static Map<String, Set<TopicPartition>> inputPartitions(final Admin admin, final String group,
                                                                    final List<String> inputs) throws Exception {
        final ConsumerGroupDescription described;
        try {
            described = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw e;
        }
        final Map<String, Set<TopicPartition>> owners = new HashMap<>();
        for (final MemberDescription member : described.members()) {
            final Optional<String> id = member.groupInstanceId();
            final String instance = id.map(s -> s.substring(0, s.lastIndexOf('-'))).orElse(member.consumerId());
            final Set<TopicPartition> owned = owners.computeIfAbsent(instance, k -> new java.util.HashSet<>());
            member.assignment().topicPartitions().stream().filter(p -> inputs.contains(p.topic())).forEach(owned::add);
        }
        return owners;
    }

    private static int apiPort(final DetectorProcess detector) throws Exception {
        final long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline && detector.alive()) {
            final Matcher matcher = API.matcher(Files.readString(detector.output));
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No API port in the output of detector " + detector.pid() + ": " + detector.tail());
    }

    private JsonNode get(final int port, final String path) throws Exception {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    /**
     * What the survivor's restore lines ({@code RestoreLog}) after line {@code from} of its output add up to, and the
     * time of day of the first that promoted standbys (RUNNING with the killed instance's tasks), or null.
     */
    private record Restores(long records, long partitions, long promoted, LocalTime at) {
    }

    /** From one time of day to a later one (past midnight too). */
    private static Duration since(final LocalTime from, final LocalTime to) {
        final Duration between = Duration.between(from, to);
        return between.isNegative() ? between.plusDays(1) : between;
    }

    private static Restores restoresAfter(final DetectorProcess detector, final long from) throws IOException {
        final List<String> lines = Files.readAllLines(detector.output);
        long records = 0;
        long partitions = 0;
        long promoted = 0;
        LocalTime at = null;
        for (final String line : lines.subList((int) Math.min(from, lines.size()), lines.size())) {
            final Matcher matcher = RESTORED.matcher(line);
            if (matcher.find()) {
                records += Long.parseLong(matcher.group(1));
                partitions += Long.parseLong(matcher.group(2));
                promoted += Long.parseLong(matcher.group(3));
                if (at == null && Long.parseLong(matcher.group(3)) > 0) {
                    // the log line starts with the time of day (logback's HH:mm:ss.SSS)
                    at = LocalTime.parse(line.substring(0, line.indexOf(' ')));
                }
            }
        }
        return new Restores(records, partitions, promoted, at);
    }
}
