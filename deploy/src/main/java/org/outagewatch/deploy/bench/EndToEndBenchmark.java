package org.outagewatch.deploy.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.ingest.publish.EventPublisher;
import org.outagewatch.ingest.publish.Progress;
import org.outagewatch.ingest.publish.TopicSetup;
import org.outagewatch.ingest.synthetic.WorldEvent;
import org.outagewatch.ingest.synthetic.WorldGenerator;
import org.outagewatch.ingest.synthetic.WorldSpec;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.RetentionCheck;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * The end-to-end benchmark: on a running broker and registry, publishes N synthetic events (probe results and
 * traffic samples, the detector's inputs), then measures, side by side in one run,
 * <ol>
 *   <li>a bare consumer (byte arrays, no deserialization, no group) reading all of them: the ceiling;</li>
 *   <li>the detector (the real topology, exactly-once) processing all of them: from {@code start()} until its
 *       committed input offsets reach the end of every input partition;</li>
 *   <li>the bare consumer again, so the ratio is taken against the mean of two runs around the detector's.</li>
 * </ol>
 * It prints events/s for each and the ratio detector / bare consumer.
 */
public final class EndToEndBenchmark {
    private static final Duration POLL = Duration.ofMillis(100);
    /** How long the detector may take to process the input before the run is called failed. */
    static final Duration DETECTOR_LIMIT = Duration.ofMinutes(10);

    private final Settings settings;
    private final PrintWriter out;

    public EndToEndBenchmark(final Settings settings, final PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** The figures of one run. */
    public record Result(long events, double bareConsumerBefore, double detector, double detectorAfterStartup,
                         double bareConsumerAfter, Duration detectorStartup) {
        public double bareConsumer() {
            return (bareConsumerBefore + bareConsumerAfter) / 2;
        }

        public double ratio() {
            return detector / bareConsumer();
        }
    }

    public Result run(final long events, final int asns) throws Exception {
        final TopicCatalog catalog = DetectorApp.catalog(settings);
        try (Admin admin = Admin.create(settings.kafkaConfig())) {
            TopicSetup.ensure(admin, catalog, (short) 1);
            // topics made by an older version or by others must not delete this 2024 world on arrival
            RetentionCheck.check(admin, catalog.all().stream().map(Topic::name).toList(), DetectorApp.CHECK_TIMEOUT)
                    .ifPresent(refusal -> {
                        throw new IllegalStateException(refusal);
                    });
        }
        final long published = publish(catalog, events, asns);
        final int threads = Integer.parseInt(settings.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1"));
        final List<String> inputs = List.of(catalog.probeResults().name(), catalog.trafficSamples().name());
        final Map<TopicPartition, Long> ends = endOffsets(inputs);
        final long total = ends.values().stream().mapToLong(Long::longValue).sum();
        out.printf(Locale.ROOT, "input: %,d events published now, %,d in the input topics%n", published, total);
        out.flush();

        final double before = bareConsumer(ends, total);
        out.printf(Locale.ROOT, "bare consumer      %,12.0f events/s%n", before);
        out.flush();
        final DetectorRun detector = detector(ends, total);
        out.printf(Locale.ROOT, "detector           %,12.0f events/s  (%d stream threads; %,.0f events/s after a %.1f s start-up)%n",
                detector.rate(), threads, detector.rateAfterStartup(), detector.startup().toMillis() / 1000.0);
        out.flush();
        final double after = bareConsumer(ends, total);
        out.printf(Locale.ROOT, "bare consumer      %,12.0f events/s%n", after);
        final Result result = new Result(total, before, detector.rate(), detector.rateAfterStartup(), after, detector.startup());
        out.printf(Locale.ROOT, "ratio detector / bare consumer: %.3f  (after start-up: %.3f)%n",
                result.ratio(), result.detectorAfterStartup() / result.bareConsumer());
        out.flush();
        return result;
    }

    private long publish(final TopicCatalog catalog, final long events, final int asns) {
        final double perMinute = asns * (WorldSpec.DEFAULT_PROBES_PER_ASN + 0.2);
        final Duration length = Duration.ofMinutes((long) Math.ceil(events / perMinute) + 10);
        final WorldSpec spec = WorldSpec.forBenchmark(asns, length);
        final WorldGenerator generator = new WorldGenerator(spec);
        final Progress progress = Progress.onStderr("publish", false);
        long sent = 0;
        try (EventPublisher publisher = new EventPublisher(settings.kafkaConfig(), catalog)) {
            final Iterator<WorldEvent> it = generator.iterator(spec.start(), spec.end());
            while (sent < events && it.hasNext()) {
                publisher.publish(it.next());
                sent++;
                progress.records(1);
            }
            publisher.flush();
        }
        out.println(progress.finish());
        return sent;
    }

    private Map<TopicPartition, Long> endOffsets(final List<String> topics) throws Exception {
        try (Admin admin = Admin.create(settings.kafkaConfig())) {
            final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (final var description : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                description.partitions().forEach(p -> request.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
            }
            final Map<TopicPartition, Long> ends = new HashMap<>();
            for (final Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                    : admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet()) {
                ends.put(e.getKey(), e.getValue().offset());
            }
            return ends;
        }
    }

    /** Reads every input record as bytes from the beginning; events per second. */
    private double bareConsumer(final Map<TopicPartition, Long> ends, final long total) {
        final Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.require(Settings.BOOTSTRAP_SERVERS));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(new ArrayList<>(ends.keySet()));
            consumer.seekToBeginning(ends.keySet());
            final long start = System.nanoTime();
            long read = 0;
            long bytes = 0;
            while (read < total) {
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                read += records.count();
                for (final var r : records) {
                    bytes += r.serializedValueSize();
                }
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            if (read > 0 && bytes == 0) {
                throw new IllegalStateException("bare consumer read empty records");
            }
            return read / seconds;
        }
    }

    private record DetectorRun(double rate, double rateAfterStartup, Duration startup) {
    }

    /** Runs the detector with a fresh application id until it has committed every input offset. */
    private DetectorRun detector(final Map<TopicPartition, Long> ends, final long total) throws Exception {
        final String applicationId = "outagewatch-benchmark-" + Instant.now().toEpochMilli();
        final Settings detectorSettings = settings.with(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, applicationId));
        try (DetectorApp app = new DetectorApp(detectorSettings); Admin admin = Admin.create(settings.kafkaConfig())) {
            final long start = System.nanoTime();
            app.start();
            long firstCommit = 0;
            long committedAtFirst = 0;
            long committedTotal = 0;
            final long limit = start + DETECTOR_LIMIT.toNanos();
            while (true) {
                if (System.nanoTime() > limit) {
                    throw new IllegalStateException("The detector had committed " + committedTotal + " of " + total
                            + " events after " + DETECTOR_LIMIT.toMinutes() + " minutes; see its log");
                }
                final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                committedTotal = 0;
                boolean done = true;
                for (final Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    final OffsetAndMetadata offset = committed.get(end.getKey());
                    final long position = offset == null ? 0 : offset.offset();
                    committedTotal += Math.min(position, end.getValue());
                    done &= position >= end.getValue();
                }
                if (firstCommit == 0 && committedTotal > 0) {
                    firstCommit = System.nanoTime();
                    committedAtFirst = committedTotal;
                }
                if (done) {
                    break;
                }
                if (app.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR
                        || app.state() == org.apache.kafka.streams.KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException("The detector stopped (" + app.state() + ") after "
                            + committedTotal + " of " + total + " events; see its log");
                }
                Thread.sleep(POLL.toMillis());
            }
            final long end = System.nanoTime();
            final double seconds = (end - start) / 1e9;
            final Duration startup = Duration.ofNanos(firstCommit - start);
            // the events committed by the first observed commit belong to the start-up part
            final double afterStartupSeconds = Math.max((end - firstCommit) / 1e9, 1e-3);
            return new DetectorRun(total / seconds, (total - committedAtFirst) / afterStartupSeconds, startup);
        }
    }
}
