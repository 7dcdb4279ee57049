package org.outagewatch.detector.rollup;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.topology.DetectorTopology;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicCatalog;

/** The whole detector topology in a {@link TopologyTestDriver}, with asn-metadata, for the country rollup. */
final class RollupFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    /** A rollup delay of one window, so that the tests see incomplete windows close one window late. */
    static final DetectorSettings SETTINGS = DetectorSettings.defaults().withRollupDelay(DetectorSettings.defaults().windowSize());
    static final long WINDOW_MINUTES = SETTINGS.windowSize().toMinutes();

    final TopicCatalog topics;
    final TopologyTestDriver driver;
    final TestInputTopic<String, AsnInfo> asns;
    final TestInputTopic<String, TrafficSample> traffic;
    final TestInputTopic<String, SignalPoint> pointsIn;
    final TestOutputTopic<String, SignalPoint> points;

    RollupFixture() {
        final Map<String, String> values = new HashMap<>();
        values.put(Settings.SCHEMA_REGISTRY_URL, "mock://rollup-" + UUID.randomUUID());
        values.put(Settings.BOOTSTRAP_SERVERS, "unused:9092");
        values.put("application.id", "rollup-test");
        final Settings settings = Settings.of(values);
        topics = DetectorApp.catalog(settings);
        final Properties props = DetectorApp.streamsProperties(settings, topics);
        // records are piped in event-time order; waiting for a lagging partition would hold them
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        driver = new TopologyTestDriver(DetectorTopology.build(SETTINGS, topics), props, T0);
        asns = driver.createInputTopic(topics.asnMetadata().name(), Serdes.String().serializer(),
                topics.asnMetadata().valueSerde().serializer());
        traffic = driver.createInputTopic(topics.trafficSamples().name(), Serdes.String().serializer(),
                topics.trafficSamples().valueSerde().serializer());
        pointsIn = driver.createInputTopic(topics.signalPoints().name(), Serdes.String().serializer(),
                topics.signalPoints().valueSerde().serializer());
        points = driver.createOutputTopic(topics.signalPoints().name(), Serdes.String().deserializer(),
                topics.signalPoints().valueSerde().deserializer());
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

    void traffic(final long asn, final long bytes, final Instant when) {
        traffic.pipeInput("AS" + asn, TrafficSample.newBuilder().setSource(MeasurementSource.SYNTHETIC).setAsn(asn)
                .setIntervalStart(when).setIntervalSeconds(60).setBytes(bytes).setPackets(bytes / 1000).build(), when);
    }

    /** The points written to signal-points since the last call whose entity is not an ASN (the country points). */
    List<SignalPoint> countryPoints() {
        return points.readValuesToList().stream().filter(p -> !p.getEntity().startsWith("AS")).toList();
    }

    /** The total of a detector metric (such as rollup-late-points-total) over all tasks. */
    double metric(final String name) {
        double total = 0;
        for (final Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
            if (e.getKey().name().equals(name)) {
                total += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }

    @Override
    public void close() {
        driver.close();
    }
}
