package org.outagewatch.detector.backtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.common.Progress;
import org.outagewatch.detector.topology.DetectorTopology;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * Runs the real {@link DetectorTopology} offline, in a {@link TopologyTestDriver} with its own {@code mock://}
 * registry scope: consumes {@link BacktestRecord}s in event-time order (each record's timestamp is its event
 * time, as a replay would give it) and produces the alerts they raise ({@link #finish()}), with the entities it
 * saw and the time span it covered, for {@link BacktestScorer}. Given ASN metadata, the country rollup also makes
 * country points from the ASN points, and their alerts are scored like any other entity's.
 *
 * <p>Records must be given in event-time order; stage 1 closes windows by stream time exactly as it does live
 * (so a record later than the grace is counted late, as live). Input that does not reach the end of a window
 * plus the grace leaves that last window unscored.
 */
public final class BacktestEngine implements AutoCloseable {
    private static final int DRAIN_EVERY = 50_000;

    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, ProbeResult> probes;
    private final TestInputTopic<String, TrafficSample> traffic;
    private final TestInputTopic<String, ConnectionEvent> connections;
    private final TestInputTopic<String, SignalPoint> points;
    private final TestOutputTopic<byte[], byte[]> pointsOut;
    private final TestOutputTopic<String, OutageAlert> alerts;
    private final AlertCollector collector = new AlertCollector();
    private final Set<String> entities = new HashSet<>();
    private final boolean countries;
    private Instant first;
    private Instant last;
    private long records;

    public BacktestEngine(final DetectorSettings detector) {
        this(detector, List.of());
    }

    /**
     * An engine whose asn-metadata holds {@code asns} before the first record, so that ASN points are also rolled
     * up to country points (and country alerts, whose entities count as entities of the run).
     */
    public BacktestEngine(final DetectorSettings detector, final List<AsnInfo> asns) {
        try {
            stateDir = Files.createTempDirectory("outagewatch-backtest");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a state directory for the backtest", e);
        }
        final Map<String, String> values = new HashMap<>();
        values.put(Settings.SCHEMA_REGISTRY_URL, "mock://backtest-" + UUID.randomUUID());
        values.put(Settings.BOOTSTRAP_SERVERS, "unused:9092");
        values.put(StreamsConfig.APPLICATION_ID_CONFIG, "outagewatch-backtest");
        values.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        final Settings settings = Settings.of(values);
        final TopicCatalog topics = DetectorApp.catalog(settings);
        final Properties props = DetectorApp.streamsProperties(settings, topics);
        driver = OfflineDriver.start(detector, topics, props, Instant.now());
        probes = driver.createInputTopic(topics.probeResults().name(), Serdes.String().serializer(),
                topics.probeResults().valueSerde().serializer());
        traffic = driver.createInputTopic(topics.trafficSamples().name(), Serdes.String().serializer(),
                topics.trafficSamples().valueSerde().serializer());
        connections = driver.createInputTopic(topics.atlasConnections().name(), Serdes.String().serializer(),
                topics.atlasConnections().valueSerde().serializer());
        points = driver.createInputTopic(topics.signalPoints().name(), Serdes.String().serializer(),
                topics.signalPoints().valueSerde().serializer());
        pointsOut = driver.createOutputTopic(topics.signalPoints().name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        alerts = driver.createOutputTopic(topics.outageAlerts().name(), Serdes.String().deserializer(),
                topics.outageAlerts().valueSerde().deserializer());
        final TestInputTopic<String, AsnInfo> metadata = driver.createInputTopic(topics.asnMetadata().name(),
                Serdes.String().serializer(), topics.asnMetadata().valueSerde().serializer());
        asns.forEach(info -> metadata.pipeInput("AS" + info.getAsn(), info));
        countries = !asns.isEmpty();
    }

    /** Runs a whole input (already in event-time order) and returns the result. */
    public static BacktestRun run(final DetectorSettings detector, final Iterable<? extends BacktestRecord> input) {
        return run(detector, List.of(), input);
    }

    /** As {@link #run(DetectorSettings, Iterable)}, with ASN metadata (countries) for the country rollup. */
    public static BacktestRun run(final DetectorSettings detector, final List<AsnInfo> asns,
                                  final Iterable<? extends BacktestRecord> input) {
        try (BacktestEngine engine = new BacktestEngine(detector, asns)) {
            for (final BacktestRecord record : input) {
                engine.feed(record);
            }
            return engine.finish();
        }
    }

    /** Sorts records by event time (stably) for {@link #run}. */
    public static List<BacktestRecord> inEventTimeOrder(final List<? extends BacktestRecord> input) {
        return input.stream().map(r -> (BacktestRecord) r).sorted(Comparator.comparing(BacktestRecord::eventTime)).toList();
    }

    /** Pipes one record into the topology. */
    public void feed(final BacktestRecord record) {
        final Instant time = record.eventTime();
        if (first == null || time.isBefore(first)) {
            first = time;
        }
        if (last == null || time.isAfter(last)) {
            last = time;
        }
        entities.add(record.entity());
        if (record instanceof BacktestRecord.Probe p) {
            probes.pipeInput(p.entity(), p.value(), time);
        } else if (record instanceof BacktestRecord.Traffic t) {
            traffic.pipeInput(t.entity(), t.value(), time);
        } else if (record instanceof BacktestRecord.Connection c) {
            connections.pipeInput(c.entity(), c.value(), time);
        } else if (record instanceof BacktestRecord.Point p) {
            points.pipeInput(p.entity() + "|" + p.value().getSignal(), p.value(), time);
        }
        if (++records % DRAIN_EVERY == 0) {
            drain();
        }
    }

    /** The alerts raised so far, the entities seen and the span covered. */
    public BacktestRun finish() {
        drain();
        return new BacktestRun(collector.spans(), Set.copyOf(entities), first, last, records);
    }

    private void drain() {
        for (final TestRecord<byte[], byte[]> point : pointsOut.readRecordsToList()) {
            if (countries && point.key() != null) {
                // the country points the rollup made: their entities are entities of the run too
                final String key = new String(point.key(), StandardCharsets.UTF_8);
                final String entity = key.substring(0, Math.max(0, key.indexOf('|')));
                if (!entity.isEmpty() && !entity.startsWith("AS") && !entity.startsWith("feed/")
                        && !Progress.isMarker(entity)) {
                    entities.add(entity);
                }
            }
        }
        for (final OutageAlert alert : alerts.readValuesToList()) {
            collector.accept(alert);
        }
    }

    @Override
    public void close() {
        driver.close();
        deleteQuietly(stateDir);
    }

    private static void deleteQuietly(final Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the backtest state directory " + dir, e);
        }
    }
}
