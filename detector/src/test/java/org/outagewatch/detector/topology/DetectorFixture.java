package org.outagewatch.detector.topology;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.testing.DetectorDriver;
import org.outagewatch.detector.testing.PointsOutput;
import org.outagewatch.schemas.DeadLetter;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.ProbeMethod;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.topic.TopicCatalog;

/** The detector's topology in a {@link TopologyTestDriver}, with a fresh {@code mock://} registry scope, and its topics. */
final class DetectorFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");

    private final DetectorDriver harness;
    final TopicCatalog topics;
    final TopologyTestDriver driver;
    final TestInputTopic<String, ProbeResult> probes;
    final TestInputTopic<String, TrafficSample> traffic;
    final TestInputTopic<byte[], byte[]> rawProbes;
    final TestInputTopic<String, SignalPoint> pointsIn;
    final PointsOutput points;
    final TestOutputTopic<String, OutageAlert> alerts;
    final TestOutputTopic<byte[], DeadLetter> deadLetters;

    DetectorFixture(final DetectorSettings detector) {
        harness = DetectorDriver.start("detector", Map.of("application.id", "detector-test"), settings -> detector, T0);
        topics = harness.topics;
        driver = harness.driver;
        probes = harness.input(topics.probeResults());
        traffic = harness.input(topics.trafficSamples());
        rawProbes = driver.createInputTopic(topics.probeResults().name(), new ByteArraySerializer(), new ByteArraySerializer());
        pointsIn = harness.input(topics.signalPoints());
        points = harness.points();
        alerts = harness.output(topics.outageAlerts());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), new ByteArrayDeserializer(),
                topics.deadLetters().valueSerde().deserializer());
    }

    static Instant at(final double minutes) {
        return T0.plusMillis(Math.round(minutes * 60_000));
    }

    static ProbeResult probe(final long targetAsn, final ProbeOutcome outcome, final Instant when) {
        return ProbeResult.newBuilder()
                .setSource(MeasurementSource.SYNTHETIC)
                .setProbeId("probe-1")
                .setVantageAsn(64_496)
                .setTarget("192.0.2.1")
                .setTargetAsn(targetAsn)
                .setMethod(ProbeMethod.PING)
                .setOutcome(outcome)
                .setMeasuredAt(when)
                .build();
    }

    static TrafficSample sample(final long asn, final long bytes, final Instant when) {
        return TrafficSample.newBuilder()
                .setSource(MeasurementSource.SYNTHETIC)
                .setAsn(asn)
                .setIntervalStart(when)
                .setIntervalSeconds(60)
                .setBytes(bytes)
                .setPackets(bytes / 1000)
                .build();
    }

    void pipe(final ProbeResult probe) {
        final long asn = probe.getTargetAsn() != null ? probe.getTargetAsn() : probe.getVantageAsn();
        probes.pipeInput("AS" + asn, probe, probe.getMeasuredAt());
    }

    void pipe(final TrafficSample sample) {
        traffic.pipeInput("AS" + sample.getAsn(), sample, sample.getIntervalStart());
    }

    /** The total of a detector metric (such as late-records-total) over all tasks. */
    double metric(final String name) {
        return harness.metric(name);
    }

    @Override
    public void close() {
        harness.close();
    }
}
