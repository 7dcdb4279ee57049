package org.outagewatch.detector.rollup;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.outagewatch.detector.processor.WindowRules;
import org.outagewatch.schemas.SignalPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The country rollup's sums: consumes the ASN points re-keyed to their country ({@code <country entity>|<signal>},
 * from {@link CountryKeyProcessor} through the {@code country-rollup} repartition topic), adds them per (country
 * entity, signal, window) by the signal's {@link RollupRule}, and emits one {@link SignalPoint} per country series
 * and window (key {@code <country entity>|<signal>}, timestamp the window start) when the window closes.
 *
 * <ul>
 *   <li>Windows close by stream time, per signal ({@link SignalClocks}: each signal comes from its own stage-1
 *       processor): once the latest window start of the signal seen by this task reaches the window's end plus the
 *       rollup delay ({@code rules}' grace), so points of ASNs on other, slower partitions still count. Closed
 *       windows are emitted in key order, so a replay gives the same output.</li>
 *   <li>Zero points of silent ASNs (coverage 0) count like any point: a country whose networks all fall silent gets
 *       a zero point.</li>
 *   <li>A point for a window already emitted is late: counted ({@value #LATE_POINTS}) and logged at WARN with its
 *       coordinates; the emitted point stays as it is.</li>
 *   <li>State: the logged store {@code storeName}, {@code <country entity>|<signal>} -> open windows, and the
 *       clocks; a restarted task carries on from it.</li>
 * </ul>
 */
public final class CountryRollupProcessor implements Processor<String, SignalPoint, String, SignalPoint> {
    private static final Logger LOG = LoggerFactory.getLogger(CountryRollupProcessor.class);
    public static final String METRICS_SCOPE = CountryKeyProcessor.METRICS_SCOPE;
    public static final String LATE_POINTS = "rollup-late-points";

    private final String storeName;
    private final WindowRules rules;
    private ProcessorContext<String, SignalPoint> context;
    private KeyValueStore<String, byte[]> store;
    private Sensor lateSensor;
    private SignalClocks clocks;

    public CountryRollupProcessor(final String storeName, final WindowRules rules) {
        this.storeName = storeName;
        this.rules = rules;
    }

    @Override
    public void init(final ProcessorContext<String, SignalPoint> processorContext) {
        this.context = processorContext;
        this.store = processorContext.getStateStore(storeName);
        this.lateSensor = processorContext.metrics().addRateTotalSensor(METRICS_SCOPE,
                processorContext.taskId().toString(), LATE_POINTS, Sensor.RecordingLevel.INFO);
        this.clocks = new SignalClocks(rules, store);
    }

    @Override
    public void process(final Record<String, SignalPoint> record) {
        final SignalPoint point = record.value();
        final RollupRule rule = RollupRule.of(point.getSignal());
        if (rule == null) {
            return;
        }
        final long windowStart = point.getWindowStart().toEpochMilli();
        clocks.advance(point.getSignal(), windowStart, this::closeThrough);
        final String series = point.getEntity() + "|" + point.getSignal();
        if (clocks.closed(point.getSignal(), windowStart)) {
            lateSensor.record();
            final RecordMetadata meta = context.recordMetadata().orElse(null);
            LOG.warn("Skipping point: late point for {} window {}, country windows emitted through {}. topic=[{}] "
                            + "partition=[{}] offset=[{}]", series, point.getWindowStart(),
                    Instant.ofEpochMilli(clocks.closedThrough(point.getSignal())), meta == null ? null : meta.topic(),
                    meta == null ? null : meta.partition(), meta == null ? null : meta.offset());
            return;
        }
        final CountryWindows windows = CountryWindows.decode(store.get(series));
        windows.window(windowStart).add(rule, point.getValue(), point.getCoverage(), point.getBreakdown());
        store.put(series, windows.encode());
    }

    /** Emits every open window of {@code signal} ending at or before {@code end}, series by series in key order. */
    private void closeThrough(final String signal, final long end) {
        for (final KeyValue<String, byte[]> entry : clocks.entries(signal)) {
            final CountryWindows windows = CountryWindows.decode(entry.value);
            boolean changed = false;
            for (Map.Entry<Long, CountryWindows.Sum> closed = windows.pollEndingBy(end, rules.sizeMillis());
                 closed != null; closed = windows.pollEndingBy(end, rules.sizeMillis())) {
                emit(entry.key, closed.getKey(), closed.getValue());
                changed = true;
            }
            if (windows.isEmpty()) {
                store.delete(entry.key);
            } else if (changed) {
                store.put(entry.key, windows.encode());
            }
        }
    }

    private void emit(final String series, final long windowStart, final CountryWindows.Sum sum) {
        final int bar = series.lastIndexOf('|');
        final String entity = series.substring(0, bar);
        final String signal = series.substring(bar + 1);
        final RollupRule rule = RollupRule.of(signal);
        final SignalPoint point = SignalPoint.newBuilder()
                .setEntity(entity)
                .setSignal(signal)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowStart + rules.sizeMillis()))
                .setValue(sum.value(rule))
                .setCoverage(sum.coverage())
                .setBreakdown(new LinkedHashMap<>(sum.breakdown()))
                .build();
        context.forward(new Record<>(series, point, windowStart));
    }
}
