package org.outagewatch.detector.rollup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.common.Progress;
import org.outagewatch.detector.signals.SignalFoldProcessor;
import org.outagewatch.detector.testing.DetectorDriver;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.topic.TopicCatalog;

/** The whole detector topology in a {@link TopologyTestDriver}, with asn-metadata, for the country rollup. */
final class RollupFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    static final DetectorSettings SETTINGS = DetectorSettings.defaults();
    static final long WINDOW_MINUTES = SETTINGS.windowSize().toMinutes();

    private final DetectorDriver harness;
    final TopicCatalog topics;
    final TestInputTopic<String, AsnInfo> asns;
    final TestInputTopic<String, TrafficSample> traffic;
    final TestInputTopic<String, SignalPoint> pointsIn;
    final TestOutputTopic<String, SignalPoint> points;

    RollupFixture() {
        harness = DetectorDriver.start("rollup", Map.of("application.id", "rollup-test"), settings -> SETTINGS, T0);
        topics = harness.topics;
        asns = harness.input(topics.asnMetadata());
        traffic = harness.input(topics.trafficSamples());
        pointsIn = harness.input(topics.signalPoints());
        points = harness.output(topics.signalPoints());
    }

    static Instant at(final double minutes) {
        return T0.plusMillis(Math.round(minutes * 60_000));
    }

    /** The start of window {@code n} (0 = the one starting at {@link #T0}). */
    static Instant window(final int n) {
        return at(n * WINDOW_MINUTES);
    }

    void country(final long asn, final String country) {
        asns.pipeInput("AS" + asn, AsnInfo.newBuilder().setAsn(asn).setName("AS" + asn + " test net").setCountry(country).setSource("test").build());
    }

    /** A point of window {@code n}, piped as stage 1 writes it (timestamp = window start). */
    void point(final String entity, final String signal, final int n, final double value, final long coverage) {
        point(entity, signal, n, value, coverage, Map.of());
    }

    void point(final String entity, final String signal, final int n, final double value, final long coverage,
               final Map<String, Long> breakdown) {
        final SignalPoint point = SignalPoint.newBuilder()
                .setEntity(entity)
                .setSignal(signal)
                .setWindowStart(window(n))
                .setWindowEnd(window(n + 1))
                .setValue(value)
                .setCoverage(coverage)
                .setBreakdown(breakdown)
                .build();
        pointsIn.pipeInput(entity + "|" + signal, point, window(n));
    }

    /** A progress marker of a writer task, piped as the writer sends it: every window before {@code n} is sent. */
    void progress(final String group, final int task, final int tasks, final int n, final boolean idle) {
        final Progress marker = new Progress(group, task, tasks, window(n).toEpochMilli(), idle);
        pointsIn.pipeInput(marker.key(), marker.toPoint(), window(n));
    }

    /** The markers of both stage-1 signal folders (probes and traffic) of one stage-1 partition. */
    void folders(final int task, final int tasks, final int n, final boolean idle) {
        progress(SignalFoldProcessor.PROBE_GROUP, task, tasks, n, idle);
        progress(SignalFoldProcessor.TRAFFIC_GROUP, task, tasks, n, idle);
    }

    void traffic(final long asn, final long bytes, final Instant when) {
        traffic.pipeInput("AS" + asn, TrafficSample.newBuilder().setSource(MeasurementSource.SYNTHETIC).setAsn(asn)
                .setIntervalStart(when).setIntervalSeconds(60).setBytes(bytes).setPackets(bytes / 1000).build(), when);
    }

    /** The points written to signal-points since the last call whose entity is not an ASN (the country points). */
    List<SignalPoint> countryPoints() {
        return points.readValuesToList().stream()
                .filter(p -> !p.getEntity().startsWith("AS") && !Progress.isMarker(p)).toList();
    }

    /** The total of a detector metric (such as rollup-late-points-total) over all tasks. */
    double metric(final String name) {
        return harness.metric(name);
    }

    @Override
    public void close() {
        harness.close();
    }
}
