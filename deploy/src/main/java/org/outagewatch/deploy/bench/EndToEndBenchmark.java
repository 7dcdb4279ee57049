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
import java.util.Properties;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.ingest.publish.BatchPolicy;
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
 *   <li>a textbook Kafka Streams job ({@link TextbookJob}: a windowed aggregate per key) on the same input, the same
 *       way;</li>
 *   <li>the bare consumer again, so the ratio is taken against the mean of two runs around the others.</li>
 * </ol>
 * It prints events/s, MB/s and the process's CPU time per event for each, and the ratios detector / bare consumer
 * and detector / textbook, by rate and by CPU per event (which the other load of a shared machine disturbs less).
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

    /** The figures of one run: events/s and process CPU microseconds per event of each pass. */
    public record Result(long events, long bytes, double bareConsumerBefore, double detector, double detectorAfterStartup,
                         double bareConsumerAfter, Duration detectorStartup, double textbook,
                         double bareCpuMicros, double detectorCpuMicros, double textbookCpuMicros) {
        public double bareConsumer() {
            return (bareConsumerBefore + bareConsumerAfter) / 2;
        }

        public double ratio() {
            return detector / bareConsumer();
        }

        public double ratioToTextbook() {
            return detector / textbook;
        }

        public double bytesPerEvent() {
            return (double) bytes / events;
        }
    }

    /** Runs the benchmark on a world of {@code asns} networks with {@code probesPerAsn} probes each. */
    public Result run(final long events, final int asns, final int probesPerAsn) throws Exception {
        final TopicCatalog catalog = DetectorApp.catalog(settings);
        try (Admin admin = Admin.create(settings.kafkaConfig())) {
            TopicSetup.ensure(admin, catalog, (short) 1);
            // topics made by an older version or by others must not delete this 2024 world on arrival
            RetentionCheck.check(admin, catalog.all().stream().map(Topic::name).toList(), DetectorApp.CHECK_TIMEOUT)
                    .ifPresent(refusal -> {
                        throw new IllegalStateException(refusal);
                    });
        }
        final long published = publish(catalog, events, asns, probesPerAsn);
        final int threads = Integer.parseInt(settings.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1"));
        final List<String> inputs = List.of(catalog.probeResults().name(), catalog.trafficSamples().name());
        final Map<TopicPartition, Long> ends = endOffsets(inputs);
        final long total = ends.values().stream().mapToLong(Long::longValue).sum();
        // with batching a record holds several events: every pass reads all records, and is reported per event
        final double perRecord = published > total ? (double) published / total : 1.0;
        out.printf(Locale.ROOT, "input: %,d events published now, %,d records in the input topics%n", published, total);
        out.flush();

        final Pass before = bareConsumer(ends, total).perEvent(perRecord);
        final double bytesPerEvent = (double) before.bytes() / (total * perRecord);
        out.printf(Locale.ROOT, "bare consumer      %,12.0f events/s  %,8.1f MB/s  %6.1f us cpu/event%n", before.rate(),
                before.rate() * bytesPerEvent / 1e6, before.cpuMicrosPerEvent());
        out.flush();
        final StreamsRun detector = detector(ends, total).perEvent(perRecord);
        out.printf(Locale.ROOT, "detector           %,12.0f events/s  %,8.1f MB/s  %6.1f us cpu/event  (%d stream threads; %,.0f events/s after a %.1f s start-up)%n",
                detector.rate(), detector.rate() * bytesPerEvent / 1e6, detector.cpuMicrosPerEvent(), threads,
                detector.rateAfterStartup(), detector.startup().toMillis() / 1000.0);
        out.flush();
        final StreamsRun textbook = textbook(ends, total, threads).perEvent(perRecord);
        out.printf(Locale.ROOT, "textbook Streams   %,12.0f events/s  %,8.1f MB/s  %6.1f us cpu/event  (windowed aggregate per key, RocksDB, exactly-once)%n",
                textbook.rate(), textbook.rate() * bytesPerEvent / 1e6, textbook.cpuMicrosPerEvent());
        out.flush();
        final Pass after = bareConsumer(ends, total).perEvent(perRecord);
        out.printf(Locale.ROOT, "bare consumer      %,12.0f events/s  %,8.1f MB/s  %6.1f us cpu/event%n", after.rate(),
                after.rate() * bytesPerEvent / 1e6, after.cpuMicrosPerEvent());
        final Result result = new Result(Math.round(total * perRecord), before.bytes(), before.rate(), detector.rate(), detector.rateAfterStartup(),
                after.rate(), detector.startup(), textbook.rate(),
                (before.cpuMicrosPerEvent() + after.cpuMicrosPerEvent()) / 2, detector.cpuMicrosPerEvent(),
                textbook.cpuMicrosPerEvent());
        out.printf(Locale.ROOT, "ratio detector / bare consumer: %.3f  (after start-up: %.3f; by cpu per event: %.3f)%n",
                result.ratio(), result.detectorAfterStartup() / result.bareConsumer(),
                result.bareCpuMicros() / result.detectorCpuMicros());
        out.printf(Locale.ROOT, "ratio detector / textbook Streams: %.2f  (by cpu per event: %.2f)%n",
                result.ratioToTextbook(), result.textbookCpuMicros() / result.detectorCpuMicros());
        out.flush();
        return result;
    }

    private long publish(final TopicCatalog catalog, final long events, final int asns, final int probesPerAsn) {
        final double perMinute = asns * (probesPerAsn + 0.2);
        final Duration length = Duration.ofMinutes((long) Math.ceil(events / perMinute) + 10);
        final WorldSpec spec = WorldSpec.forBenchmark(asns, length).withProbesPerAsn(probesPerAsn);
        final WorldGenerator generator = new WorldGenerator(spec);
        final Progress progress = Progress.onStderr("publish", false);
        long sent = 0;
        final BatchPolicy batching = BatchPolicy.from(settings);
        try (EventPublisher publisher = new EventPublisher(settings.kafkaConfig(), catalog, batching)) {
            final Iterator<WorldEvent> it = generator.iterator(spec.start(), spec.end());
            while (sent < events && it.hasNext()) {
                publisher.publish(it.next());
                sent++;
                progress.records(1);
            }
            publisher.flush();
            out.println(progress.finish());
            out.printf(Locale.ROOT, "batching: %,d events in %,d records (%.1f events per record; %s)%n", publisher.sent(),
                    publisher.records(), (double) publisher.sent() / Math.max(1, publisher.records()), batching);
        }
        return sent;
    }

    private Map<TopicPartition, Long> endOffsets(final List<String> topics) throws Exception {
        try (Admin admin = Admin.create(settings.kafkaConfig())) {
            return endOffsets(admin, topics);
        }
    }

    /** The end offset of every partition of {@code topics}. */
    static Map<TopicPartition, Long> endOffsets(final Admin admin, final List<String> topics) throws Exception {
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

    /** One pass of the bare consumer: events/s, bytes read (keys and values), process CPU per event. */
    private record Pass(double rate, long bytes, double cpuMicrosPerEvent) {
        /** The pass measured per record, restated per event when a record holds {@code eventsPerRecord} on average. */
        Pass perEvent(final double eventsPerRecord) {
            return new Pass(rate * eventsPerRecord, bytes, cpuMicrosPerEvent / eventsPerRecord);
        }
    }

    /** Reads every input record as bytes from the beginning. */
    private Pass bareConsumer(final Map<TopicPartition, Long> ends, final long total) {
        final Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.require(Settings.BOOTSTRAP_SERVERS));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(new ArrayList<>(ends.keySet()));
            consumer.seekToBeginning(ends.keySet());
            final long start = System.nanoTime();
            final long cpuStart = ProcessCpu.nanos();
            long read = 0;
            long bytes = 0;
            while (read < total) {
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                read += records.count();
                for (final var r : records) {
                    bytes += r.serializedValueSize() + Math.max(0, r.serializedKeySize());
                }
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            if (read > 0 && bytes == 0) {
                throw new IllegalStateException("bare consumer read empty records");
            }
            return new Pass(read / seconds, bytes, (ProcessCpu.nanos() - cpuStart) / 1e3 / Math.max(read, 1));
        }
    }

    private record StreamsRun(double rate, double rateAfterStartup, Duration startup, double cpuMicrosPerEvent) {
        /** The run measured per record, restated per event when a record holds {@code eventsPerRecord} on average. */
        StreamsRun perEvent(final double eventsPerRecord) {
            return new StreamsRun(rate * eventsPerRecord, rateAfterStartup * eventsPerRecord, startup,
                    cpuMicrosPerEvent / eventsPerRecord);
        }
    }

    /** Runs the detector with a fresh application id until it has committed every input offset. */
    private StreamsRun detector(final Map<TopicPartition, Long> ends, final long total) throws Exception {
        final String applicationId = "outagewatch-benchmark-" + Instant.now().toEpochMilli();
        final Settings detectorSettings = settings.with(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, applicationId));
        try (DetectorApp app = new DetectorApp(detectorSettings)) {
            return untilCommitted("detector", applicationId, ends, total, app::start, app::state);
        }
    }

    /** Runs {@link TextbookJob} the same way, with the detector's client settings and stream threads. */
    private StreamsRun textbook(final Map<TopicPartition, Long> ends, final long total, final int threads) throws Exception {
        final String applicationId = "outagewatch-textbook-" + Instant.now().toEpochMilli();
        final TopicCatalog catalog = DetectorApp.catalog(settings);
        final String output = applicationId + "-out";
        try (Admin admin = Admin.create(settings.kafkaConfig())) {
            admin.createTopics(List.of(new NewTopic(output, Math.max(1, ends.size() / 2), (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        final Properties props = TextbookJob.properties(DetectorApp.streamsProperties(
                settings.with(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, applicationId)), catalog));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.STATE_DIR_CONFIG, props.getProperty(StreamsConfig.STATE_DIR_CONFIG) + "-textbook");
        try (KafkaStreams streams = new KafkaStreams(TextbookJob.topology(catalog, output), props)) {
            return untilCommitted("textbook job", props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), ends, total,
                    streams::start, streams::state);
        }
    }

    /** Starts an application and waits until its group has committed every input offset; rate and CPU of that. */
    private StreamsRun untilCommitted(final String what, final String applicationId, final Map<TopicPartition, Long> ends,
                                      final long total, final Runnable start, final Supplier<KafkaStreams.State> state)
            throws Exception {
        try (Admin admin = Admin.create(settings.kafkaConfig())) {
            final long begin = System.nanoTime();
            final long cpuStart = ProcessCpu.nanos();
            start.run();
            long firstCommit = 0;
            long committedAtFirst = 0;
            long committedTotal = 0;
            final long limit = begin + DETECTOR_LIMIT.toNanos();
            while (true) {
                if (System.nanoTime() > limit) {
                    throw new IllegalStateException("The " + what + " had committed " + committedTotal + " of " + total
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
                if (state.get() == KafkaStreams.State.ERROR || state.get() == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException("The " + what + " stopped (" + state.get() + ") after "
                            + committedTotal + " of " + total + " events; see its log");
                }
                Thread.sleep(POLL.toMillis());
            }
            final long end = System.nanoTime();
            final double cpuMicros = (ProcessCpu.nanos() - cpuStart) / 1e3 / total;
            final double seconds = (end - begin) / 1e9;
            final Duration startup = Duration.ofNanos(firstCommit - begin);
            // the events committed by the first observed commit belong to the start-up part
            final double afterStartupSeconds = Math.max((end - firstCommit) / 1e9, 1e-3);
            return new StreamsRun(total / seconds, (total - committedAtFirst) / afterStartupSeconds, startup, cpuMicros);
        }
    }
}
