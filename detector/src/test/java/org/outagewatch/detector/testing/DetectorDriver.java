package org.outagewatch.detector.testing;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.backtest.OfflineDriver;
import org.outagewatch.detector.topology.DetectorTopology;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * The detector's whole topology in a {@link TopologyTestDriver}, configured as the app configures Streams, with a
 * fresh {@code mock://} registry scope; records are piped in event-time order, so tasks do not wait for lagging
 * partitions (they would hold records until the driver's mocked wall clock moves).
 */
public final class DetectorDriver implements AutoCloseable {
    public final TopicCatalog topics;
    public final TopologyTestDriver driver;

    private DetectorDriver(final TopicCatalog topics, final TopologyTestDriver driver) {
        this.topics = topics;
        this.driver = driver;
    }

    /**
     * A driver whose wall clock starts at {@code start}.
     *
     * @param name     names the registry scope
     * @param settings more settings ({@code application.id}, {@code outagewatch.detector.*}), may be empty
     * @param detector the detector's settings from the merged settings
     */
    public static DetectorDriver start(final String name, final Map<String, String> settings,
                                       final Function<Settings, DetectorSettings> detector, final Instant start) {
        final Map<String, String> values = new HashMap<>(settings);
        values.put(Settings.SCHEMA_REGISTRY_URL, "mock://" + name + "-" + UUID.randomUUID());
        values.put(Settings.BOOTSTRAP_SERVERS, "unused:9092");
        // a state directory of its own: never the default one in the working directory, which a killed run leaves
        // behind locked or corrupt for the next
        values.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, tempDir(name).toString());
        final Settings merged = Settings.of(values);
        final TopicCatalog topics = DetectorApp.catalog(merged);
        final Properties props = DetectorApp.streamsProperties(merged, topics);
        return new DetectorDriver(topics, OfflineDriver.start(detector.apply(merged), topics, props, start));
    }

    /** signal-points without the progress markers. */
    public PointsOutput points() {
        return new PointsOutput(output(topics.signalPoints()));
    }

    private static java.nio.file.Path tempDir(final String name) {
        try {
            final java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("outagewatch-" + name);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An input topic with string keys and the topic's value serde. */
    public <V> TestInputTopic<String, V> input(final Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), Serdes.String().serializer(), topic.valueSerde().serializer());
    }

    /** An output topic with string keys and the topic's value serde. */
    public <V> TestOutputTopic<String, V> output(final Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), Serdes.String().deserializer(), topic.valueSerde().deserializer());
    }

    /** The total of a detector metric (such as late-records-total) over all tasks. */
    public double metric(final String name) {
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
