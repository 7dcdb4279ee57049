package org.outagewatch.deploy.replay;

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
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.DetectorSettings;
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
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * What the tests that run a synthetic world live and offline share: the seeded world, the flush records that let
 * every stage-1 task close the last window, the offline (one-task) run, the topics and the backlog on a real broker,
 * and the read-committed reader of the alerts and incidents a live run writes. Used by
 * {@link BacktestEqualsLiveIntegrationTest} and the crash and restart tests.
 */
public final class WorldRuns {
    public static final int PARTITIONS = 4;
    public static final Instant START = Instant.parse("2024-03-04T00:00:00Z");
    /** The flush networks: outside the world's ASNs, one per partition. */
    private static final long FLUSH_ASN_BASE = 4_200_000_000L;

    private WorldRuns() {
    }

    /** What a run produced: per key, its records in order, each as a line of the fields that must match. */
    public record Run(Map<String, List<String>> alerts, Map<String, List<String>> incidents) {
        public int size() {
            return alerts.values().stream().mapToInt(List::size).sum() + incidents.values().stream().mapToInt(List::size).sum();
        }

        /** The same records, keys sorted. */
        public Run sorted() {
            return new Run(new TreeMap<>(alerts), new TreeMap<>(incidents));
        }
    }

    /** The seeded world (seed 11): {@code asns} networks over {@code length}, {@code outages} random outages of 30-240 min. */
    public static WorldGenerator generator(final int asns, final Duration length, final int probesPerAsn, final int outages) {
        final WorldSpec base = new WorldSpec(11L, asns, Country.DEFAULTS, START, START.plus(length), probesPerAsn,
                WorldSpec.DEFAULT_TRAFFIC_INTERVAL, WorldSpec.DEFAULT_PROBE_INTERVAL, WorldSpec.DEFAULT_WARM_UP,
                OutagePlan.none());
        return new WorldGenerator(new WorldSpec(base.seed(), base.asnCount(), base.countries(), base.start(), base.end(),
                base.probesPerAsn(), base.trafficInterval(), base.probeInterval(), base.warmUp(),
                OutagePlan.random(base, outages, 30, 240)));
    }

    /** Every event of the world, in event-time order. */
    public static List<BacktestRecord> world(final WorldGenerator generator) {
        final List<BacktestRecord> events = new ArrayList<>();
        generator.generateAll(event -> events.add(event instanceof WorldEvent.Probe p ? new BacktestRecord.Probe(p.value())
                : new BacktestRecord.Traffic(((WorldEvent.Traffic) event).value())));
        return events;
    }

    /** Every event of the world in event-time order, then the flush records just past its end ({@link #flushes}). */
    public static List<BacktestRecord> backlog(final WorldGenerator generator, final Duration length) {
        final List<BacktestRecord> events = world(generator);
        events.addAll(flushes(START.plus(length)));
        return events;
    }

    /** The reference run: {@link #offline}, started beside the live part of a test (it needs only the events). */
    public static CompletableFuture<Run> offlineAsync(final List<AsnInfo> asns, final List<BacktestRecord> events,
                                                      final Path stateDir) {
        return CompletableFuture.supplyAsync(() -> offline(asns, events, stateDir));
    }

    /**
     * One traffic sample per partition, just past the end plus the grace, keyed so that it lands on that partition:
     * every task closes the world's last window, and no window after it (in which every network would be silent: a
     * stalled feed, which stage 1 judges per task).
     */
    public static List<BacktestRecord> flushes(final Instant end) {
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

    public static String line(final OutageAlert a) {
        return a.getAlertId() + " " + a.getStatus() + " " + a.getSeverity() + " " + a.getWindowStart() + ".." + a.getWindowEnd()
                + " started " + a.getStartedAt() + " ended " + a.getEndedAt();
    }

    public static String line(final Incident i) {
        return i.getStatus() + " " + i.getKind() + " " + i.getSeverity() + " asns " + i.getAsns() + " countries "
                + i.getCountries() + " services " + i.getServices() + " " + i.getStartedAt() + ".." + i.getEndedAt()
                + " alerts " + i.getAlertIds();
    }

    /** The settings of an offline run: a fresh mock registry scope, no broker, the state under {@code stateDir}. */
    public static Settings offlineSettings(final Path stateDir) {
        final Map<String, String> values = new HashMap<>();
        values.put(Settings.SCHEMA_REGISTRY_URL, "mock://backtest-live-" + UUID.randomUUID());
        values.put(Settings.BOOTSTRAP_SERVERS, "unused:9092");
        values.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return Settings.of(values);
    }

    /** The events run offline, in one task (the backtest's driver), keys sorted. */
    public static Run offline(final List<AsnInfo> asns, final List<BacktestRecord> events, final Path stateDir) {
        return offline(offlineSettings(stateDir), asns, (driver, topics, drain) -> {
            final TestInputTopic<String, ProbeResult> probes = input(driver, topics.probeResults());
            final TestInputTopic<String, TrafficSample> traffic = input(driver, topics.trafficSamples());
            final TestInputTopic<String, ConnectionEvent> connections = input(driver, topics.atlasConnections());
            for (final BacktestRecord event : events) {
                if (event instanceof BacktestRecord.Probe p) {
                    probes.pipeInput(p.entity(), p.value(), p.eventTime());
                } else if (event instanceof BacktestRecord.Traffic t) {
                    traffic.pipeInput(t.entity(), t.value(), t.eventTime());
                } else if (event instanceof BacktestRecord.Connection c) {
                    connections.pipeInput(c.entity(), c.value(), c.eventTime());
                }
                drain.run();
            }
        });
    }

    /**
     * Records as a producer wrote them (keys and values in the wire format of the registry of {@code settings}, made
     * with {@link #offlineSettings}), run offline in the order given, keys sorted.
     */
    public static Run offlineRecords(final Settings settings, final List<AsnInfo> asns,
                                     final List<ProducerRecord<byte[], byte[]>> records) {
        return offline(settings, asns, (driver, topics, drain) -> {
            final Map<String, TestInputTopic<byte[], byte[]>> inputs = new HashMap<>();
            for (final ProducerRecord<byte[], byte[]> record : records) {
                inputs.computeIfAbsent(record.topic(), topic -> driver.createInputTopic(topic, new ByteArraySerializer(),
                        new ByteArraySerializer())).pipeInput(record.key(), record.value(), record.timestamp());
                drain.run();
            }
        });
    }

    /** How an offline run gets its input: pipes it into the driver, calling {@code drain} now and then. */
    private interface OfflineInput {
        void pipe(TopologyTestDriver driver, TopicCatalog topics, Runnable drain);
    }

    private static Run offline(final Settings settings, final List<AsnInfo> asns, final OfflineInput input) {
        final TopicCatalog topics = DetectorApp.catalog(settings);
        final Properties props = DetectorApp.streamsProperties(settings, topics);
        final Run run = new Run(new TreeMap<>(), new TreeMap<>());
        try (TopologyTestDriver driver = OfflineDriver.start(DetectorSettings.defaults(), topics, props, Instant.now())) {
            final TestInputTopic<String, AsnInfo> meta = input(driver, topics.asnMetadata());
            final TestOutputTopic<String, OutageAlert> alerts = driver.createOutputTopic(topics.outageAlerts().name(),
                    Serdes.String().deserializer(), topics.outageAlerts().valueSerde().deserializer());
            final TestOutputTopic<String, Incident> incidents = driver.createOutputTopic(topics.incidents().name(),
                    Serdes.String().deserializer(), topics.incidents().valueSerde().deserializer());
            asns.forEach(info -> meta.pipeInput("AS" + info.getAsn(), info));
            input.pipe(driver, topics, () -> {
                if (alerts.getQueueSize() > 1_000) {
                    alerts.readKeyValuesToList().forEach(kv -> add(run.alerts(), kv.key, line(kv.value)));
                }
            });
            alerts.readKeyValuesToList().forEach(kv -> add(run.alerts(), kv.key, line(kv.value)));
            incidents.readKeyValuesToList().forEach(kv -> add(run.incidents(), kv.key, line(kv.value)));
        }
        return run;
    }

    private static <V> TestInputTopic<String, V> input(final TopologyTestDriver driver, final Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), Serdes.String().serializer(), topic.valueSerde().serializer());
    }

    private static void add(final Map<String, List<String>> run, final String key, final String line) {
        run.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
    }

    /** The catalog's topics as our commands create them (ingestion-time stamps, stated retention). */
    public static void createTopics(final EmbeddedKafka kafka, final TopicCatalog topics) throws InterruptedException {
        try (Admin admin = kafka.admin()) {
            TopicSetup.ensure(admin, topics, (short) 1);
        }
    }

    /** The same, on any cluster (a broker in a process of its own). */
    public static void createTopics(final Admin admin, final TopicCatalog topics) throws InterruptedException {
        TopicSetup.ensure(admin, topics, (short) 1);
    }

    /** The metadata and the events as a backlog on the broker, each event with its event time as the record's. */
    public static void publish(final EmbeddedKafka kafka, final TopicCatalog topics, final List<AsnInfo> asns,
                               final List<BacktestRecord> events) {
        publish(kafka.bootstrapServers(), topics, asns, events);
    }

    /** The same, on any cluster (a broker in a process of its own). */
    public static void publish(final String bootstrapServers, final TopicCatalog topics, final List<AsnInfo> asns,
                               final List<BacktestRecord> events) {
        final Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        final Map<String, Serializer<SpecificRecord>> serializers = new HashMap<>();
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
    private static Serializer<SpecificRecord> serializerFor(final TopicCatalog topics, final String name) {
        for (final Topic<String, ?> topic : topics.all()) {
            if (topic.name().equals(name)) {
                return (Serializer) topic.valueSerde().serializer();
            }
        }
        throw new IllegalArgumentException("Not a catalog topic: " + name);
    }

    /** Reads the alerts and incident records a live run commits (read_committed), from the beginning. */
    public static final class RunReader implements AutoCloseable {
        private final TopicCatalog topics;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Run run = new Run(new LinkedHashMap<>(), new LinkedHashMap<>());

        public RunReader(final String bootstrapServers, final TopicCatalog topics) {
            this.topics = topics;
            this.consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.GROUP_ID_CONFIG, "run-reader-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(topics.outageAlerts().name(), topics.incidents().name()));
        }

        /** Polls once; the number of records read. */
        public int poll(final Duration timeout) {
            int read = 0;
            for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
                read++;
                final String key = new String(record.key(), StandardCharsets.UTF_8);
                if (record.topic().equals(topics.outageAlerts().name())) {
                    add(run.alerts(), key, line(topics.outageAlerts().valueSerde().deserializer()
                            .deserialize(record.topic(), record.value())));
                } else {
                    add(run.incidents(), key, line(topics.incidents().valueSerde().deserializer()
                            .deserialize(record.topic(), record.value())));
                }
            }
            return read;
        }

        /** What was read so far, keys sorted. */
        public Run run() {
            return run.sorted();
        }

        public int size() {
            return run.size();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
