package org.outagewatch.detector.rollup;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.outagewatch.detector.common.ProcessorMetrics;
import org.outagewatch.detector.common.WindowRules;
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
 *       processor). A window is complete, and closes as soon as a later window of its signal has begun, when it has
 *       as many ASN points as the series' last window (silent ASNs send zero points, so the count is stable); an
 *       incomplete one waits until the latest window start of the signal reaches its end plus the rollup delay
 *       ({@code rules}' grace), so the points of ASNs on other, slower partitions still count. Windows of a series
 *       are emitted in order; closing runs series by series in key order, so a replay gives the same output.</li>
 *   <li>A window closed by the delay with fewer ASN points than expected is not emitted (counted,
 *       {@value #INCOMPLETE_WINDOWS}): the networks missing from it are late, not down, and a partial sum would read
 *       as a drop. A country gets a gap instead; {@link CountryWindows} lowers the expectation when the shortfall
 *       lasts (a network gone for good).</li>
 *   <li>Zero points of silent ASNs (coverage 0) count like any point: a country whose networks all fall silent gets
 *       a zero point.</li>
 *   <li>A point for a window already emitted is late: counted ({@value #LATE_POINTS}) and logged at WARN with its
 *       coordinates; the emitted point stays as it is.</li>
 *   <li>A series' entry stays after its windows are emitted (the last window's end and ASN count).</li>
 *   <li>State: the logged store {@code storeName}, {@code <country entity>|<signal>} -> open windows, and the
 *       clocks; a restarted task carries on from it.</li>
 * </ul>
 */
public final class CountryRollupProcessor implements Processor<String, SignalPoint, String, SignalPoint> {
    private static final Logger LOG = LoggerFactory.getLogger(CountryRollupProcessor.class);
    public static final String LATE_POINTS = "rollup-late-points";
    /** Country windows closed by the delay with fewer ASN points than expected, and not emitted. */
    public static final String INCOMPLETE_WINDOWS = "rollup-incomplete-windows";

    private final String storeName;
    private final WindowRules rules;
    private ProcessorContext<String, SignalPoint> context;
    private KeyValueStore<String, byte[]> store;
    private Sensor lateSensor;
    private Sensor incompleteSensor;
    private SignalClocks clocks;

    public CountryRollupProcessor(final String storeName, final WindowRules rules) {
        this.storeName = storeName;
        this.rules = rules;
    }

    @Override
    public void init(final ProcessorContext<String, SignalPoint> processorContext) {
        this.context = processorContext;
        this.store = processorContext.getStateStore(storeName);
        this.lateSensor = ProcessorMetrics.counter(processorContext, LATE_POINTS);
        this.incompleteSensor = ProcessorMetrics.counter(processorContext, INCOMPLETE_WINDOWS);
        this.clocks = new SignalClocks(rules, store);
    }

    @Override
    public void process(final Record<String, SignalPoint> record) {
        final SignalPoint point = record.value();
        final RollupRule rule = RollupRule.of(point.getSignal());
        if (rule == null) {
            // the filter before the keyer lets only rolled-up signals through; anything else on the topic is foreign
            LOG.warn("Skipping point: {} has no rollup rule. {}", point.getSignal(), ProcessorMetrics.origin(context));
            return;
        }
        final long windowStart = point.getWindowStart().toEpochMilli();
        clocks.advance(point.getSignal(), windowStart, this::closeThrough);
        final String series = point.getEntity() + "|" + point.getSignal();
        if (clocks.closed(point.getSignal(), windowStart)) {
            lateSensor.record();
            LOG.warn("Skipping point: late point for {} window {}, country windows emitted through {}. {}", series,
                    point.getWindowStart(), Instant.ofEpochMilli(clocks.closedThrough(point.getSignal())),
                    ProcessorMetrics.origin(context));
            return;
        }
        final CountryWindows windows = CountryWindows.decode(store.get(series));
        if (windows.emitted(windowStart, rules.sizeMillis())) {
            late(series, point, windows);
            return;
        }
        windows.window(windowStart).add(rule, point.getValue(), point.getCoverage(), point.getBreakdown());
        drain(series, windows, clocks.closedThrough(point.getSignal()), clocks.streamTime(point.getSignal()));
    }

    private void late(final String series, final SignalPoint point, final CountryWindows windows) {
        lateSensor.record();
        LOG.warn("Skipping point: late point for {} window {}, country window emitted already ({} ASN points). {}",
                series, point.getWindowStart(), windows.expected(), ProcessorMetrics.origin(context));
    }

    /** Emits the series' windows that may close, in order, and saves what is left. */
    private void drain(final String series, final CountryWindows windows, final long forcedEnd, final long seen) {
        for (Map.Entry<Long, CountryWindows.Sum> closed = windows.pollClosable(forcedEnd, seen, rules.sizeMillis());
             closed != null; closed = windows.pollClosable(forcedEnd, seen, rules.sizeMillis())) {
            if (windows.lastClosedComplete()) {
                emit(series, closed.getKey(), closed.getValue());
            } else {
                incompleteSensor.record();
                LOG.debug("Not emitting {} window {}: {} ASN points of {} expected after the rollup delay", series,
                        Instant.ofEpochMilli(closed.getKey()), closed.getValue().points(), windows.expected());
            }
        }
        store.put(series, windows.encode());
    }

    /**
     * On a new window start of {@code signal}: emits, series by series in key order, every open window that ends at
     * or before {@code end} (the rollup delay has passed) or that is complete (as many ASN points as the series'
     * last window) and ended before the new one began.
     */
    private void closeThrough(final String signal, final long end) {
        final long seen = clocks.streamTime(signal);
        for (final KeyValue<String, byte[]> entry : clocks.entries(signal)) {
            final CountryWindows windows = CountryWindows.decode(entry.value);
            if (!windows.isEmpty()) {
                drain(entry.key, windows, end, seen);
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
