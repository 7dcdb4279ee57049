package org.outagewatch.deploy.backtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.detector.backtest.OfflineDriver;
import org.outagewatch.detector.common.Progress;
import org.outagewatch.detector.incident.IncidentEngine;
import org.outagewatch.detector.topology.DetectorTopology;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentStatus;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * Runs the detector's whole topology (stages 1-3) offline in a {@link TopologyTestDriver} over ASN metadata and
 * events in event-time order, and returns every incident record it emits, in order (and, on request, every signal
 * point on signal-points: stage 1's and the series points given as input).
 */
public final class IncidentRunner {
    private IncidentRunner() {
    }

    public static List<Incident> run(final DetectorSettings detector, final List<AsnInfo> asns,
                                     final Iterable<? extends BacktestRecord> events) {
        return run(detector, asns, events, point -> { });
    }

    /** As {@link #run(DetectorSettings, List, Iterable)}, handing every signal point of the run to {@code points}. */
    public static List<Incident> run(final DetectorSettings detector, final List<AsnInfo> asns,
                                     final Iterable<? extends BacktestRecord> events,
                                     final Consumer<SignalPoint> pointSink) {
        final Path stateDir;
        try {
            stateDir = Files.createTempDirectory("outagewatch-incidents");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a state directory for the incident backtest", e);
        }
        final Map<String, String> values = new HashMap<>();
        values.put(Settings.SCHEMA_REGISTRY_URL, "mock://incidents-" + UUID.randomUUID());
        values.put(Settings.BOOTSTRAP_SERVERS, "unused:9092");
        values.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        final Settings settings = Settings.of(values);
        final TopicCatalog topics = DetectorApp.catalog(settings);
        final Properties props = DetectorApp.streamsProperties(settings, topics);
        final List<Incident> out = new ArrayList<>();
        try (TopologyTestDriver driver = OfflineDriver.start(detector, topics, props, Instant.now())) {
            final TestInputTopic<String, AsnInfo> meta = driver.createInputTopic(topics.asnMetadata().name(),
                    Serdes.String().serializer(), topics.asnMetadata().valueSerde().serializer());
            final TestInputTopic<String, ProbeResult> probes = driver.createInputTopic(topics.probeResults().name(),
                    Serdes.String().serializer(), topics.probeResults().valueSerde().serializer());
            final TestInputTopic<String, TrafficSample> traffic = driver.createInputTopic(topics.trafficSamples().name(),
                    Serdes.String().serializer(), topics.trafficSamples().valueSerde().serializer());
            final TestInputTopic<String, ConnectionEvent> connections = driver.createInputTopic(
                    topics.atlasConnections().name(), Serdes.String().serializer(),
                    topics.atlasConnections().valueSerde().serializer());
            final TestInputTopic<String, SignalPoint> points = driver.createInputTopic(topics.signalPoints().name(),
                    Serdes.String().serializer(), topics.signalPoints().valueSerde().serializer());
            final TestOutputTopic<String, SignalPoint> pointsOut = driver.createOutputTopic(topics.signalPoints().name(),
                    Serdes.String().deserializer(), topics.signalPoints().valueSerde().deserializer());
            final TestOutputTopic<String, Incident> incidents = driver.createOutputTopic(topics.incidents().name(),
                    Serdes.String().deserializer(), topics.incidents().valueSerde().deserializer());
            for (final AsnInfo info : asns) {
                meta.pipeInput("AS" + info.getAsn(), info);
            }
            long n = 0;
            for (final BacktestRecord record : events) {
                if (record instanceof BacktestRecord.Probe p) {
                    probes.pipeInput(p.entity(), p.value(), record.eventTime());
                } else if (record instanceof BacktestRecord.Traffic t) {
                    traffic.pipeInput(t.entity(), t.value(), record.eventTime());
                } else if (record instanceof BacktestRecord.Connection c) {
                    connections.pipeInput(c.entity(), c.value(), record.eventTime());
                } else if (record instanceof BacktestRecord.Point p) {
                    points.pipeInput(p.entity() + "|" + p.value().getSignal(), p.value(), record.eventTime());
                }
                if (++n % 50_000 == 0) {
                    out.addAll(incidents.readValuesToList());
                    pointsOut.readValuesToList().stream().filter(p -> !Progress.isMarker(p)).forEach(pointSink);
                }
            }
            out.addAll(incidents.readValuesToList());
            pointsOut.readValuesToList().stream().filter(p -> !Progress.isMarker(p)).forEach(pointSink);
        } finally {
            deleteQuietly(stateDir);
        }
        return out;
    }

    /** The last record of every incident that was not merged into another, in order of first appearance. */
    public static List<Incident> finals(final List<Incident> records) {
        final Map<String, Incident> last = new LinkedHashMap<>();
        records.forEach(i -> last.put(i.getIncidentId(), i));
        last.values().removeIf(i -> i.getStatus() == IncidentStatus.RESOLVED
                && i.getEvidence().containsKey(IncidentEngine.MERGED_INTO));
        return List.copyOf(last.values());
    }

    private static void deleteQuietly(final Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the incident backtest state directory " + dir, e);
        }
    }
}
