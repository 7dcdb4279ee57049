package org.outagewatch.deploy.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.deploy.backtest.IncidentScenario;
import org.outagewatch.deploy.backtest.IncidentScenarios;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.detector.backtest.OfflineDriver;
import org.outagewatch.ingest.publish.TopicSetup;
import org.outagewatch.ingest.synthetic.Country;
import org.outagewatch.ingest.synthetic.OutagePlan;
import org.outagewatch.ingest.synthetic.WorldEvent;
import org.outagewatch.ingest.synthetic.WorldGenerator;
import org.outagewatch.ingest.synthetic.WorldSpec;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.registry.server.RegistryServer;
import org.outagewatch.schemas.registry.server.RegistryServerConfig;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;

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
    private static final int PARTITIONS = 4;
    private static final Instant START = Instant.parse("2024-03-04T00:00:00Z");
    private static final Duration LENGTH = Duration.ofDays(2);
    private static final Duration QUIET = Duration.ofSeconds(20);
    private static final Duration DEADLINE = Duration.ofMinutes(6);
    /** The flush networks: outside the world's ASNs, one per partition. */
    private static final long FLUSH_ASN_BASE = 4_200_000_000L;

    private static List<BacktestRecord> world(final WorldGenerator generator) {
        final List<BacktestRecord> events = new ArrayList<>();
        generator.generateAll(event -> events.add(event instanceof WorldEvent.Probe p ? new BacktestRecord.Probe(p.value())
                : new BacktestRecord.Traffic(((WorldEvent.Traffic) event).value())));
        return events;
    }

    private static WorldGenerator generator() {
        final WorldSpec base = new WorldSpec(11L, 20, Country.DEFAULTS, START, START.plus(LENGTH), 1,
                WorldSpec.DEFAULT_TRAFFIC_INTERVAL, WorldSpec.DEFAULT_PROBE_INTERVAL, WorldSpec.DEFAULT_WARM_UP,
                OutagePlan.none());
        return new WorldGenerator(new WorldSpec(base.seed(), base.asnCount(), base.countries(), base.start(), base.end(),
                base.probesPerAsn(), base.trafficInterval(), base.probeInterval(), base.warmUp(),
                OutagePlan.random(base, 6, 30, 240)));
    }

    /**
     * One traffic sample per partition, just past the end plus the grace, keyed so that it lands on that partition:
     * every task closes the world's last window, and no window after it (in which every network would be silent: a
     * stalled feed, which stage 1 judges per task, see the class doc).
     */
    private static List<BacktestRecord> flushes(final Instant end) {
        final List<BacktestRecord> flushes = new ArrayList<>();
        final Instant when = end.plus(DetectorSettings.defaults().grace()).plusSeconds(1);
        for (int partition = 0; partition < PARTITIONS; partition++) {
            long asn = FLUSH_ASN_BASE;
            while (Utils.toPositive(Utils.murmur2(("AS" + asn).getBytes(StandardCharsets.UTF_8))) % PARTITIONS != partition) {
                asn++;
            }
            final long chosen = asn;
            flushes.add(new BacktestRecord.Traffic(TrafficSample.newBuilder().setSource(MeasurementSource.SYNTHETIC)
                    .setAsn(chosen).setIntervalStart(when).setIntervalSeconds(300).setBytes(1_000).setPackets(1).build()));
        }
        return flushes;
    }

    @Test
    void shouldGiveTheSameAlertsAndIncidentsLiveOnFourPartitionsAsOffline(@TempDir final Path dataDir) throws Exception {
        final WorldGenerator generator = generator();
        final List<BacktestRecord> events = world(generator);
        events.addAll(flushes(START.plus(LENGTH)));
        final Run offline = offline(generator.asnInfos(), events, dataDir.resolve("offline"));
        assertThat(offline.alerts.keySet()).as("country alerts come from the rollup")
                .anyMatch(key -> !key.startsWith("AS"));
        assertSameLive(generator.asnInfos(), events, offline, dataDir);
    }

    @Test
    void shouldGiveThePakistanIncidentsLiveAsOffline(@TempDir final Path dataDir) throws Exception {
        final IncidentScenario pakistan = IncidentScenarios.find("pk-2020");
        final List<BacktestRecord> events = new ArrayList<>(pakistan.events().get());
        final Instant end = events.stream().map(BacktestRecord::eventTime).max(Instant::compareTo).orElseThrow();
        events.addAll(flushes(end));
        final Run offline = offline(pakistan.asns(), events, dataDir.resolve("offline"));
        assertThat(offline.incidents.values()).as("the scenario's incidents, offline").hasSizeGreaterThanOrEqualTo(2);
        assertSameLive(pakistan.asns(), events, offline, dataDir);
    }

    private static void assertSameLive(final List<AsnInfo> asns, final List<BacktestRecord> events, final Run offline,
                                       final Path dataDir) throws Exception {
        assertThat(offline.alerts).as("the world has outages: the offline run alerts").isNotEmpty();
        assertThat(offline.incidents).as("and makes incidents").isNotEmpty();
        final Run live = live(asns, events, dataDir.resolve("live"), offline);
        assertThat(live.alerts).as("alerts per series").isEqualTo(offline.alerts);
        assertThat(live.incidents).as("incident records per incident").isEqualTo(offline.incidents);
    }

    /** What a run produced: per key, its records in order, each as a line of the fields that must match. */
    private record Run(Map<String, List<String>> alerts, Map<String, List<String>> incidents) {
        int size() {
            return alerts.values().stream().mapToInt(List::size).sum() + incidents.values().stream().mapToInt(List::size).sum();
        }
    }

    private static String line(final OutageAlert a) {
        return a.getAlertId() + " " + a.getStatus() + " " + a.getSeverity() + " " + a.getWindowStart() + ".." + a.getWindowEnd()
                + " started " + a.getStartedAt() + " ended " + a.getEndedAt();
    }

    private static String line(final Incident i) {
        return i.getStatus() + " " + i.getKind() + " " + i.getSeverity() + " asns " + i.getAsns() + " countries "
                + i.getCountries() + " services " + i.getServices() + " " + i.getStartedAt() + ".." + i.getEndedAt()
                + " alerts " + i.getAlertIds();
    }

    private static Run offline(final List<AsnInfo> asns, final List<BacktestRecord> events, final Path stateDir) {
        final Map<String, String> values = new HashMap<>();
        values.put(Settings.SCHEMA_REGISTRY_URL, "mock://backtest-live-" + UUID.randomUUID());
        values.put(Settings.BOOTSTRAP_SERVERS, "unused:9092");
        values.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        final Settings settings = Settings.of(values);
        final TopicCatalog topics = DetectorApp.catalog(settings);
        final Properties props = DetectorApp.streamsProperties(settings, topics);
        final Run run = new Run(new TreeMap<>(), new TreeMap<>());
        try (TopologyTestDriver driver = OfflineDriver.start(DetectorSettings.defaults(), topics, props, Instant.now())) {
            final TestInputTopic<String, AsnInfo> meta = input(driver, topics.asnMetadata());
            final TestInputTopic<String, ProbeResult> probes = input(driver, topics.probeResults());
            final TestInputTopic<String, TrafficSample> traffic = input(driver, topics.trafficSamples());
            final TestInputTopic<String, ConnectionEvent> connections = input(driver, topics.atlasConnections());
            final TestOutputTopic<String, OutageAlert> alerts = driver.createOutputTopic(topics.outageAlerts().name(),
                    Serdes.String().deserializer(), topics.outageAlerts().valueSerde().deserializer());
            final TestOutputTopic<String, Incident> incidents = driver.createOutputTopic(topics.incidents().name(),
                    Serdes.String().deserializer(), topics.incidents().valueSerde().deserializer());
            asns.forEach(info -> meta.pipeInput("AS" + info.getAsn(), info));
            for (final BacktestRecord event : events) {
                if (event instanceof BacktestRecord.Probe p) {
                    probes.pipeInput(p.entity(), p.value(), p.eventTime());
                } else if (event instanceof BacktestRecord.Traffic t) {
                    traffic.pipeInput(t.entity(), t.value(), t.eventTime());
                } else if (event instanceof BacktestRecord.Connection c) {
                    connections.pipeInput(c.entity(), c.value(), c.eventTime());
                }
                if (alerts.getQueueSize() > 1_000) {
                    alerts.readKeyValuesToList().forEach(kv -> add(run.alerts, kv.key, line(kv.value)));
                }
            }
            alerts.readKeyValuesToList().forEach(kv -> add(run.alerts, kv.key, line(kv.value)));
            incidents.readKeyValuesToList().forEach(kv -> add(run.incidents, kv.key, line(kv.value)));
        }
        return run;
    }

    private static <V> TestInputTopic<String, V> input(final TopologyTestDriver driver, final Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), Serdes.String().serializer(), topic.valueSerde().serializer());
    }

    private static void add(final Map<String, List<String>> run, final String key, final String line) {
        run.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
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
            values.put(DetectorApp.PARTITIONS, String.valueOf(PARTITIONS));
            values.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2");
            final Settings settings = Settings.of(values);
            final TopicCatalog topics = DetectorApp.catalog(settings);
            createTopics(kafka, topics);
            publish(kafka, topics, asns, events);

            final Run run = new Run(new LinkedHashMap<>(), new LinkedHashMap<>());
            try (DetectorApp app = new DetectorApp(settings);
                 KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                         ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                         ConsumerConfig.GROUP_ID_CONFIG, "backtest-live-reader-" + UUID.randomUUID(),
                         ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                         ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                         new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                app.start();
                consumer.subscribe(List.of(topics.outageAlerts().name(), topics.incidents().name()));
                final long deadline = System.nanoTime() + DEADLINE.toNanos();
                long lastNew = System.nanoTime();
                while (System.nanoTime() < deadline && app.state() != KafkaStreams.State.ERROR
                        && !(run.size() >= expected.size() && System.nanoTime() - lastNew > QUIET.toNanos())) {
                    for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        lastNew = System.nanoTime();
                        final String key = new String(record.key(), StandardCharsets.UTF_8);
                        if (record.topic().equals(topics.outageAlerts().name())) {
                            add(run.alerts, key, line(topics.outageAlerts().valueSerde().deserializer()
                                    .deserialize(record.topic(), record.value())));
                        } else {
                            add(run.incidents, key, line(topics.incidents().valueSerde().deserializer()
                                    .deserialize(record.topic(), record.value())));
                        }
                    }
                }
                assertThat(app.state()).isNotEqualTo(KafkaStreams.State.ERROR);
            }
            return new Run(new TreeMap<>(run.alerts), new TreeMap<>(run.incidents));
        }
    }

    /** The catalog's topics as our commands create them (ingestion-time stamps, stated retention), four partitions each. */
    private static void createTopics(final EmbeddedKafka kafka, final TopicCatalog topics) throws InterruptedException {
        try (Admin admin = kafka.admin()) {
            TopicSetup.ensure(admin, topics, (short) 1);
        }
    }

    @SuppressWarnings("unchecked")
    private static void publish(final EmbeddedKafka kafka, final TopicCatalog topics, final List<AsnInfo> asns,
                                final List<BacktestRecord> events) {
        final Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        final Map<String, org.apache.kafka.common.serialization.Serializer<SpecificRecord>> serializers = new HashMap<>();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(config, new StringSerializer(),
                (topic, value) -> value == null ? null
                        : serializers.computeIfAbsent(topic, t -> serializerFor(topics, t)).serialize(topic, value))) {
            for (final AsnInfo info : asns) {
                producer.send(new ProducerRecord<>(topics.asnMetadata().name(), "AS" + info.getAsn(), info));
            }
            for (final BacktestRecord event : events) {
                final String topic;
                final SpecificRecord value;
                if (event instanceof BacktestRecord.Probe p) {
                    topic = topics.probeResults().name();
                    value = p.value();
                } else if (event instanceof BacktestRecord.Traffic t) {
                    topic = topics.trafficSamples().name();
                    value = t.value();
                } else if (event instanceof BacktestRecord.Connection c) {
                    topic = topics.atlasConnections().name();
                    value = c.value();
                } else {
                    throw new IllegalArgumentException("Not an input event: " + event);
                }
                producer.send(new ProducerRecord<>(topic, null, event.eventTime().toEpochMilli(), event.entity(), value));
            }
            producer.flush();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static org.apache.kafka.common.serialization.Serializer<SpecificRecord> serializerFor(final TopicCatalog topics,
                                                                                                  final String name) {
        for (final Topic<String, ?> topic : topics.all()) {
            if (topic.name().equals(name)) {
                return (org.apache.kafka.common.serialization.Serializer) topic.valueSerde().serializer();
            }
        }
        throw new IllegalArgumentException("Not a catalog topic: " + name);
    }
}
