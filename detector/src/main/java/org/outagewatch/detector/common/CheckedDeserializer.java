package org.outagewatch.detector.common;

import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Consumed;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * The value deserializer of every detector source on an input topic (probe-results, traffic-samples,
 * routing-updates, atlas-connections, signal-points): the topic's own deserializer, then the refusals that turn a
 * record into a dead letter instead of state ({@link PoisonRecordException}, handled by {@link DeadLetterHandler}):
 * <ul>
 *   <li>a null value (no input topic of the detector is compacted, so a tombstone is nobody's data);</li>
 *   <li>a record over {@value #MAX_RECORD_BYTES} bytes (our events are about 150 bytes; a larger record is only on a
 *       topic whose {@code max.message.bytes} someone raised, and would become a changelog record the producer
 *       refuses);</li>
 *   <li>a record that breaks a rule of {@link InputCheck}.</li>
 * </ul>
 * The global asn-metadata table keeps its plain deserializer: it is compacted, and its tombstones delete.
 */
public final class CheckedDeserializer<T> implements Deserializer<T> {
    /** The largest input record the detector reads (Kafka's default {@code max.message.bytes}, 1 MiB). */
    public static final int MAX_RECORD_BYTES = 1 << 20;

    private final Deserializer<T> delegate;
    private final LongSupplier wallClock;

    public CheckedDeserializer(final Deserializer<T> delegate, final LongSupplier wallClock) {
        this.delegate = delegate;
        this.wallClock = wallClock;
    }

    /** The checked value deserializer of {@code topic}, against the system clock. */
    public static <V> Deserializer<V> of(final Topic<String, V> topic) {
        return new CheckedDeserializer<>(topic.valueSerde().deserializer(), System::currentTimeMillis);
    }

    /** The checked value deserializer of probe-results: single {@code ProbeResult}s and {@code ProbeResultBatch}es. */
    public static Deserializer<Object> probeInput(final TopicCatalog topics) {
        return new CheckedDeserializer<>(topics.batches().probeInput(), System::currentTimeMillis);
    }

    /** The checked value deserializer of traffic-samples: single {@code TrafficSample}s and {@code TrafficSampleBatch}es. */
    public static Deserializer<Object> trafficInput(final TopicCatalog topics) {
        return new CheckedDeserializer<>(topics.batches().trafficInput(), System::currentTimeMillis);
    }

    /** {@code Consumed} for a DSL source on {@code topic}, its values checked, the source named {@code name}. */
    public static <V> Consumed<String, V> consumed(final Topic<String, V> topic, final String name) {
        return Consumed.with(topic.keySerde(), Serdes.serdeFrom(topic.valueSerde().serializer(), of(topic)))
                .withName(name);
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        delegate.configure(configs, isKey);
    }

    @Override
    public T deserialize(final String topic, final byte[] data) {
        if (data == null) {
            throw new PoisonRecordException("null value on input topic " + topic);
        }
        if (data.length > MAX_RECORD_BYTES) {
            throw new PoisonRecordException("record of " + data.length + " bytes on " + topic + ", over the detector's limit of "
                    + MAX_RECORD_BYTES + " bytes");
        }
        final T value = delegate.deserialize(topic, data);
        final String problem = InputCheck.problem(value, wallClock.getAsLong());
        if (problem != null) {
            throw new PoisonRecordException("implausible " + value.getClass().getSimpleName() + ": " + problem);
        }
        return value;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
