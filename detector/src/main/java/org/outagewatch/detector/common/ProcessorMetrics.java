package org.outagewatch.detector.common;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * What every detector processor needs to account for the records it does not use: a per-task counter in the one
 * metrics group {@value #SCOPE} ({@code <name>-rate} and {@code <name>-total}), and the coordinates of the record
 * being processed for its WARN line.
 */
public final class ProcessorMetrics {
    /** The metrics group of every detector counter. */
    public static final String SCOPE = "outagewatch-detector";

    private ProcessorMetrics() {
    }

    /** A rate-and-total counter named {@code name} for the context's task. */
    public static Sensor counter(final ProcessorContext<?, ?> context, final String name) {
        return context.metrics().addRateTotalSensor(SCOPE, context.taskId().toString(), name, Sensor.RecordingLevel.INFO);
    }

    /**
     * A latency sensor for the context's task: {@code <name>-latency-avg} and {@code -latency-max} of the values
     * recorded (we record milliseconds), {@code <name>-rate} and {@code <name>-total}.
     */
    public static Sensor latency(final ProcessorContext<?, ?> context, final String name) {
        return context.metrics().addLatencyRateTotalSensor(SCOPE, context.taskId().toString(), name, Sensor.RecordingLevel.INFO);
    }

    /**
     * {@code topic=[t] partition=[p] offset=[o]} of the record being processed (nulls when there is none, as in a
     * punctuation).
     */
    public static String origin(final ProcessorContext<?, ?> context) {
        final RecordMetadata meta = context.recordMetadata().orElse(null);
        return meta == null ? "topic=[null] partition=[null] offset=[null]"
                : "topic=[" + meta.topic() + "] partition=[" + meta.partition() + "] offset=[" + meta.offset() + "]";
    }
}
