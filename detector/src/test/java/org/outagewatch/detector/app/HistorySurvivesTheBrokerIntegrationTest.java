package org.outagewatch.detector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.detector.backtest.AlertSpan;
import org.outagewatch.detector.backtest.BacktestEngine;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.detector.backtest.BacktestRun;
import org.outagewatch.detector.history.HistoryStores;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.ProbeMethod;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;
import picocli.CommandLine;

/**
 * History survives the broker: a broker whose retention check runs every second and whose segments roll every second
 * keeps a replayed 2024 world (far older than the 7-day retention) on topics created as our code creates them
 * (LogAppendTime, {@link Topic#configs()}), where a CreateTime topic loses it within seconds; the detector, reading
 * event time from the payloads, raises exactly the alerts a backtest of the same events raises, although the probes
 * were published before all the traffic (their Kafka timestamps, ingestion times, say nothing of event time). And
 * {@code detect} refuses, in one line, to write to a CreateTime topic with a finite retention.
 */
class HistorySurvivesTheBrokerIntegrationTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    private static final int MINUTES = 10 * 60;
    private static final int TRAFFIC_OUTAGE = 8 * 60;
    private static final int PROBE_OUTAGE = 7 * 60;
    private static final int OUTAGE_MINUTES = 30;
    private static final int PROBES_PER_MINUTE = 10;
    private static final String WEEK = "604800000";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A broker that deletes what its retention allows within seconds: checks every second, rolls every second. */
    private static final Map<String, String> EAGER_BROKER = Map.of(
            "log.retention.check.interval.ms", "1000",
            "log.initial.task.delay.ms", "0",
            "log.roll.ms", "1000");

    private static Instant at(final int minutes) {
        return T0.plusSeconds(minutes * 60L);
    }

    @Test
    void shouldKeepA2024WorldAndRaiseTheAlertsOfItsBacktest(@TempDir final Path dataDir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EAGER_BROKER)) {
            final Settings settings = Settings.of(Map.of(
                    Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    Settings.SCHEMA_REGISTRY_URL, "mock://history-it-" + UUID.randomUUID(),
                    "application.id", "history-it",
                    DetectorApp.DATA_DIR, dataDir.toString(),
                    DetectorApp.PARTITIONS, "1",
                    DetectorSettings.PREFIX + "warm-up", "6h",
                    "commit.interval.ms", "100"));
            final TopicCatalog topics = DetectorApp.catalog(settings);
            for (final Topic<String, ?> topic : DetectorApp.requiredTopics(topics)) {
                kafka.createTopic(topic);
            }
            final String control = "control-create-time";
            try (Admin admin = kafka.admin()) {
                admin.createTopics(List.of(new NewTopic(control, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            final List<ProbeResult> probes = probes();
            final List<TrafficSample> traffic = traffic();
            // the probes of the whole world first, then its traffic, as two replays one after the other would
            publish(kafka, topics.probeResults(), probes.stream()
                    .map(p -> new ProducerRecord<>(topics.probeResults().name(), null, p.getMeasuredAt().toEpochMilli(),
                            "AS" + p.getTargetAsn(), p)).toList());
            publish(kafka, topics.trafficSamples(), traffic.stream()
                    .map(t -> new ProducerRecord<>(topics.trafficSamples().name(), null, t.getIntervalStart().toEpochMilli(),
                            "AS" + t.getAsn(), t)).toList());
            publish(kafka, topics.trafficSamples(), traffic.stream()
                    .map(t -> new ProducerRecord<>(control, null, t.getIntervalStart().toEpochMilli(), "AS" + t.getAsn(), t))
                    .toList());

            // the broker deletes the CreateTime copy (proof that it would delete ours), and keeps ours
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (earliest(kafka, control) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(earliest(kafka, control)).as("log start of the CreateTime control topic").isPositive();
            assertThat(earliest(kafka, topics.probeResults().name())).isZero();
            assertThat(earliest(kafka, topics.trafficSamples().name())).isZero();

            final List<BacktestRecord> records = new ArrayList<>();
            probes.forEach(p -> records.add(new BacktestRecord.Probe(p)));
            traffic.forEach(t -> records.add(new BacktestRecord.Traffic(t)));
            final BacktestRun backtest = BacktestEngine.run(DetectorSettings.from(settings),
                    BacktestEngine.inEventTimeOrder(records));
            final TreeSet<String> expected = new TreeSet<>();
            for (final AlertSpan span : backtest.alerts()) {
                expected.add(span.entity() + "|" + span.signal() + "|" + span.start() + "|" + span.end());
            }
            assertThat(expected).as("the backtest's alerts").anyMatch(a -> a.startsWith("AS100|"))
                    .anyMatch(a -> a.startsWith("AS300|"));

            final TreeSet<String> live = detect(kafka, settings, topics, expected.size());
            assertThat(live).isEqualTo(expected);
            assertThat(earliest(kafka, topics.outageAlerts().name())).isZero();
            // the API's point history survives too: its window-store changelog (time retention, made by Streams) is
            // stamped with append time, so a standby or a restore still finds the replayed points
            final String history = "history-it-" + HistoryStores.SERIES_HISTORY + "-changelog";
            Thread.sleep(3_000);
            assertThat(latest(kafka, history)).as("records in " + history).isPositive();
            assertThat(earliest(kafka, history)).as("log start of " + history).isZero();
        }
    }

    @Test
    void shouldRefuseInOneLineToWriteToACreateTimeTopicWithAFiniteRetention(@TempDir final Path dataDir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (Admin admin = kafka.admin()) {
                admin.createTopics(List.of(new NewTopic("staging.outage-alerts", 1, (short) 1).configs(Map.of(
                        TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime", TopicConfig.RETENTION_MS_CONFIG, WEEK))))
                        .all().get(30, TimeUnit.SECONDS);
            }
            final StringWriter err = new StringWriter();
            final CommandLine cli = new CommandLine(new DetectCommand());
            cli.setErr(new PrintWriter(err, true));

            final int exit = cli.execute("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url",
                    "mock://refusal", "--namespace", "staging", "--config", properties(dataDir).toString());

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString().strip()).doesNotContain("\n")
                    .startsWith("detect: Topic staging.outage-alerts would delete what outagewatch writes")
                    .contains("message.timestamp.type=CreateTime", "retention.ms=" + WEEK,
                            "--add-config message.timestamp.type=LogAppendTime", "retention.ms=-1");
        }
    }

    private static Path properties(final Path dataDir) throws Exception {
        return java.nio.file.Files.writeString(dataDir.resolve("detect.properties"),
                DetectorApp.DATA_DIR + "=" + dataDir.toString().replace("\\", "\\\\") + "\n");
    }

    /** Runs the detector until it has written {@code expected} alert spans (or the wait ends); its alert spans. */
    private static TreeSet<String> detect(final EmbeddedKafka kafka, final Settings settings, final TopicCatalog topics,
                                          final int expected) throws Exception {
        final Map<String, OutageAlert> opened = new HashMap<>();
        final TreeSet<String> spans = new TreeSet<>();
        try (DetectorApp app = new DetectorApp(settings);
             KafkaConsumer<String, OutageAlert> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ConsumerConfig.GROUP_ID_CONFIG, "history-it-" + UUID.randomUUID(),
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                     new StringDeserializer(), topics.outageAlerts().valueSerde().deserializer())) {
            assertThat(DetectorApp.checkRetention(settings, topics)).isEmpty();
            app.start();
            assertThat(app.awaitRunning(Duration.ofSeconds(30))).isTrue();
            consumer.subscribe(List.of(topics.outageAlerts().name()));
            final long deadline = System.nanoTime() + WAIT.toNanos();
            while (spans.size() < expected && System.nanoTime() < deadline && app.state() != KafkaStreams.State.ERROR) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    final OutageAlert alert = r.value();
                    if (alert.getStatus() == AlertStatus.OPEN) {
                        opened.put(alert.getAlertId(), alert);
                    } else if (alert.getStatus() == AlertStatus.RESOLVED) {
                        opened.remove(alert.getAlertId());
                        spans.add(alert.getEntity() + "|" + alert.getSignal() + "|" + alert.getStartedAt() + "|"
                                + alert.getEndedAt());
                    }
                });
            }
            // give late duplicates or extra alerts a moment to show up
            consumer.poll(Duration.ofSeconds(2)).forEach(r -> {
                if (r.value().getStatus() == AlertStatus.OPEN) {
                    opened.put(r.value().getAlertId(), r.value());
                }
            });
        }
        opened.values().forEach(a -> spans.add(a.getEntity() + "|" + a.getSignal() + "|" + a.getStartedAt() + "|null"));
        return spans;
    }

    /** Sends the records with {@code topic}'s value serde, each with its event time as its (CreateTime) timestamp. */
    private static <V> void publish(final EmbeddedKafka kafka, final Topic<String, V> topic,
                                    final List<ProducerRecord<String, V>> records) {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 4096), new StringSerializer(), topic.valueSerde().serializer())) {
            for (final ProducerRecord<String, V> record : records) {
                producer.send(record);
            }
            producer.flush();
        }
    }

    private static long latest(final EmbeddedKafka kafka, final String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            final TopicPartition partition = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(30, TimeUnit.SECONDS).offset();
        }
    }

    private static long earliest(final EmbeddedKafka kafka, final String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            final TopicPartition partition = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).partitionResult(partition)
                    .get(30, TimeUnit.SECONDS).offset();
        }
    }

    /** Traffic of AS100 (silent for half an hour) and AS200, every minute. */
    private static List<TrafficSample> traffic() {
        final List<TrafficSample> out = new ArrayList<>();
        for (int minute = 0; minute < MINUTES; minute++) {
            final long bytes = Math.round(1e6 * (1 + 0.3 * Math.sin(2 * Math.PI * minute / (24 * 60.0))));
            for (final long asn : new long[] {100, 200}) {
                if (asn == 100 && minute >= TRAFFIC_OUTAGE && minute < TRAFFIC_OUTAGE + OUTAGE_MINUTES) {
                    continue;
                }
                out.add(TrafficSample.newBuilder().setSource(MeasurementSource.SYNTHETIC).setAsn(asn)
                        .setIntervalStart(at(minute)).setIntervalSeconds(60).setBytes(bytes).setPackets(bytes / 1000).build());
            }
        }
        return out;
    }

    /** Probes of targets in AS300 every minute, none answering for half an hour. */
    private static List<ProbeResult> probes() {
        final List<ProbeResult> out = new ArrayList<>();
        for (int minute = 0; minute < MINUTES; minute++) {
            final boolean down = minute >= PROBE_OUTAGE && minute < PROBE_OUTAGE + OUTAGE_MINUTES;
            for (int probe = 0; probe < PROBES_PER_MINUTE; probe++) {
                out.add(ProbeResult.newBuilder().setSource(MeasurementSource.SYNTHETIC).setProbeId("probe-" + probe)
                        .setVantageAsn(64_496).setTarget("192.0.2." + (probe + 1)).setTargetAsn(300L)
                        .setMethod(ProbeMethod.PING).setOutcome(down ? ProbeOutcome.TIMEOUT : ProbeOutcome.OK)
                        .setMeasuredAt(at(minute).plusSeconds(probe)).build());
            }
        }
        return out;
    }
}
