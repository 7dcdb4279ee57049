package org.outagewatch.detector.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.detector.testing.PoisonRecords;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;
import org.slf4j.LoggerFactory;

/**
 * No stall (issue 13, part 1): a backlog on four partitions, read by two stream threads exactly-once, is committed to
 * the end within a bound; then a partition that cannot progress (an open transaction of another producer holds its
 * last stable offset, with records after it) is named at WARN with that reason well within a minute, and said to
 * progress again once the transaction aborts.
 */
class BacklogProgressIntegrationTest {
    private static final int PARTITIONS = 4;
    private static final int ASNS = 40;
    private static final int MINUTES = 500;
    private static final Duration COMMITTED_WITHIN = Duration.ofSeconds(90);
    private static final Duration WARNED_WITHIN = Duration.ofSeconds(60);

    @Test
    void shouldCommitTheBacklogWithinABoundAndNameAStuckPartitionWithItsReason(@TempDir final Path dataDir) throws Exception {
        final Logger watchLog = (Logger) LoggerFactory.getLogger(StuckPartitionWatch.class);
        final ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        watchLog.addAppender(lines);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); Admin admin = kafka.admin()) {
            final Settings settings = Settings.of(Map.of(
                    Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                    Settings.SCHEMA_REGISTRY_URL, "mock://backlog-it-" + UUID.randomUUID(),
                    "application.id", "backlog-it",
                    DetectorApp.DATA_DIR, dataDir.toString(),
                    DetectorApp.PARTITIONS, String.valueOf(PARTITIONS),
                    StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2",
                    StuckPartitionWatch.STUCK_AFTER, "6s"));
            final TopicCatalog topics = DetectorApp.catalog(settings);
            for (final Topic<String, ?> topic : DetectorApp.requiredTopics(topics)) {
                kafka.createTopic(topic);
            }
            final String traffic = topics.trafficSamples().name();
            final Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.LINGER_MS_CONFIG, 20);
            try (KafkaProducer<String, TrafficSample> producer = new KafkaProducer<>(config, new StringSerializer(),
                    topics.trafficSamples().valueSerde().serializer())) {
                for (int minute = 0; minute < MINUTES; minute++) {
                    for (int asn = 1; asn <= ASNS; asn++) {
                        producer.send(new ProducerRecord<>(traffic, "AS" + asn,
                                PoisonRecords.sample(asn, PoisonRecords.T0.plusSeconds(60L * minute))));
                    }
                }
            }

            try (DetectorApp app = new DetectorApp(settings)) {
                final long started = System.nanoTime();
                app.start();
                final long deadline = started + COMMITTED_WITHIN.toNanos();
                while (behind(admin, traffic) > 0 && System.nanoTime() < deadline && app.state() != KafkaStreams.State.ERROR) {
                    Thread.sleep(250);
                }
                assertThat(behind(admin, traffic)).as("records of the backlog not committed after " + COMMITTED_WITHIN)
                        .isZero();
                LoggerFactory.getLogger(BacklogProgressIntegrationTest.class).info(
                        "Backlog of {} records on {} partitions committed in {} ms", ASNS * MINUTES, PARTITIONS,
                        (System.nanoTime() - started) / 1_000_000);

                // another producer's transaction stays open on partition 0, with records after it
                final Map<String, Object> transactional = new HashMap<>(config);
                transactional.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "stuck-" + UUID.randomUUID());
                transactional.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 300_000);
                final TrafficSample later = PoisonRecords.sample(1, PoisonRecords.T0.plusSeconds(60L * MINUTES));
                try (KafkaProducer<String, TrafficSample> open = new KafkaProducer<>(transactional, new StringSerializer(),
                        topics.trafficSamples().valueSerde().serializer());
                     KafkaProducer<String, TrafficSample> plain = new KafkaProducer<>(config, new StringSerializer(),
                             topics.trafficSamples().valueSerde().serializer())) {
                    open.initTransactions();
                    open.beginTransaction();
                    open.send(new ProducerRecord<>(traffic, 0, "AS1", later)).get();
                    for (int i = 0; i < 5; i++) {
                        plain.send(new ProducerRecord<>(traffic, 0, "AS1", later)).get();
                    }
                    // (a start-up slower than stuck-after is named too, with its reason: the detector was REBALANCING)
                    final int from = snapshot(lines).size();
                    final long blocked = System.nanoTime();
                    final long warnDeadline = blocked + WARNED_WITHIN.toNanos();
                    while (warnings(lines, from).isEmpty() && System.nanoTime() < warnDeadline) {
                        Thread.sleep(250);
                    }
                    assertThat(warnings(lines, from)).as("a WARN within a minute").hasSize(1);
                    assertThat(warnings(lines, from).get(0)).contains(traffic + "-0").contains("backlog-it")
                            .contains("an open transaction holds the last stable offset");
                    LoggerFactory.getLogger(BacklogProgressIntegrationTest.class).info("Stuck partition named after {} ms",
                            (System.nanoTime() - blocked) / 1_000_000);
                    open.abortTransaction();
                }
                final long again = System.nanoTime() + COMMITTED_WITHIN.toNanos();
                while (behind(admin, traffic) > 1 && System.nanoTime() < again) {
                    Thread.sleep(250);
                }
                assertThat(behind(admin, traffic)).as("after the abort (the marker may stay uncommitted)").isLessThanOrEqualTo(1);
                final long said = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (snapshot(lines).stream().noneMatch(e -> e.getLevel() == Level.INFO
                        && e.getFormattedMessage().contains(traffic + "-0 of backlog-it progresses again"))
                        && System.nanoTime() < said) {
                    Thread.sleep(250);
                }
                assertThat(snapshot(lines)).anyMatch(e -> e.getFormattedMessage().contains(traffic + "-0 of backlog-it progresses again"));
            }
        } finally {
            watchLog.detachAppender(lines);
        }
    }

    private static List<String> warnings(final ListAppender<ILoggingEvent> lines, final int from) {
        return snapshot(lines).stream().skip(from).filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** The events so far (the appender adds under its own lock). */
    private static List<ILoggingEvent> snapshot(final ListAppender<ILoggingEvent> lines) {
        synchronized (lines) {
            return List.copyOf(lines.list);
        }
    }

    /** Records of the topic after the group's committed offsets, summed over its partitions. */
    private static long behind(final Admin admin, final String topic) throws Exception {
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("backlog-it")
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        long behind = 0;
        for (final var end : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
            final OffsetAndMetadata mine = committed.get(end.getKey());
            behind += end.getValue().offset() - (mine == null ? 0 : mine.offset());
        }
        return behind;
    }
}
