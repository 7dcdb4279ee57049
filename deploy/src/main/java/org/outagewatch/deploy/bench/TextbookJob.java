package org.outagewatch.deploy.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.outagewatch.detector.common.EventTimeExtractor;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.ProbeResultBatch;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.TrafficSampleBatch;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * The peer the benchmark measures the detector against: what a Kafka Streams textbook writes for "count per key
 * per five minutes", on the same input topics, in the same run. Per input topic
 * {@code groupByKey().windowedBy(5-minute tumbling windows).aggregate(...)} over a RocksDB window store (the
 * default), values decoded with our Avro serde, event time from the payload, exactly-once, results to an output
 * topic. It does a small part of the detector's work (no baselines, no rollup, no incidents), so the detector
 * should be no faster; the benchmark prints the ratio.
 */
final class TextbookJob {
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final Duration GRACE = Duration.ofMinutes(1);

    private TextbookJob() {
    }

    static Topology topology(final TopicCatalog topics, final String output) {
        final StreamsBuilder builder = new StreamsBuilder();
        final TimeWindows windows = TimeWindows.ofSizeAndGrace(WINDOW, GRACE);
        // reachable probes per network and window
        builder.stream(topics.probeResults().name(), Consumed.with(topics.probeResults().keySerde(),
                        input(topics.batches().probeInput())).withName("textbook-probes"))
                // a batch record holds many events of its key: the textbook way, one record per event again
                .flatMapValues(value -> value instanceof ProbeResultBatch batch ? batch.getResults() : List.of((ProbeResult) value),
                        Named.as("textbook-probes-events"))
                .groupByKey(Grouped.with("textbook-probes-by-key", topics.probeResults().keySerde(),
                        topics.probeResults().valueSerde()))
                .windowedBy(windows)
                .aggregate(() -> 0L, (key, probe, reachable) -> probe.getOutcome() == ProbeOutcome.OK ? reachable + 1 : reachable,
                        Named.as("textbook-probes-aggregate"),
                        Materialized.<String, Long, org.apache.kafka.streams.state.WindowStore<org.apache.kafka.common.utils.Bytes, byte[]>>as(
                                "textbook-probes-store").withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream(Named.as("textbook-probes-changes"))
                .map((window, count) -> KeyValue.pair(window.key() + "@" + window.window().start(), count),
                        Named.as("textbook-probes-key"))
                .to(output, Produced.with(Serdes.String(), Serdes.Long()).withName("textbook-probes-out"));
        // bytes per network and window
        builder.stream(topics.trafficSamples().name(), Consumed.with(topics.trafficSamples().keySerde(),
                        input(topics.batches().trafficInput())).withName("textbook-traffic"))
                .flatMapValues(value -> value instanceof TrafficSampleBatch batch ? batch.getSamples() : List.of((TrafficSample) value),
                        Named.as("textbook-traffic-events"))
                .groupByKey(Grouped.with("textbook-traffic-by-key", topics.trafficSamples().keySerde(),
                        topics.trafficSamples().valueSerde()))
                .windowedBy(windows)
                .aggregate(() -> 0L, (key, sample, bytes) -> bytes + sample.getBytes(),
                        Named.as("textbook-traffic-aggregate"),
                        Materialized.<String, Long, org.apache.kafka.streams.state.WindowStore<org.apache.kafka.common.utils.Bytes, byte[]>>as(
                                "textbook-traffic-store").withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream(Named.as("textbook-traffic-changes"))
                .map((window, bytes) -> KeyValue.pair(window.key() + "@" + window.window().start(), bytes),
                        Named.as("textbook-traffic-key"))
                .to(output, Produced.with(Serdes.String(), Serdes.Long()).withName("textbook-traffic-out"));
        return builder.build();
    }

    /** A source serde of an input topic's events and batches (sources never serialize). */
    private static Serde<Object> input(final Deserializer<Object> deserializer) {
        return Serdes.serdeFrom((topic, value) -> {
            throw new UnsupportedOperationException("a source serde does not serialize");
        }, deserializer);
    }

    /** The job's settings: Streams' defaults but for exactly-once, payload event time and the detector's commit interval. */
    static Properties properties(final Properties base) {
        final Properties props = new Properties();
        props.putAll(base);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, EventTimeExtractor.class.getName());
        return props;
    }
}
