package org.outagewatch.detector.rollup;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.outagewatch.detector.common.ProcessorMetrics;
import org.outagewatch.detector.common.Progress;
import org.outagewatch.detector.common.ProgressStore;
import org.outagewatch.detector.common.ProgressTracker;
import org.outagewatch.schemas.SignalPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The country rollup's sums: consumes the ASN points re-keyed to their country ({@code <country entity>|<signal>})
 * and the stage-2 tasks' progress markers, from {@link CountryKeyProcessor} through the {@code country-rollup}
 * repartition topic; adds the points per (country entity, signal, window) by the signal's {@link RollupRule}; and
 * emits one {@link SignalPoint} per country series and window (key {@code <country entity>|<signal>}, timestamp the
 * window start) exactly when every stage-2 task has seen every point of that window: when the frontier of the
 * signal's writer group ({@link CountryRollupTopology#groupOf}) over the markers of all {@code tasks} stage-2 tasks
 * passes the window's end. However far apart the stage-1 tasks run (a backlog, a replay), a country window is
 * complete when it closes, and a replay gives the same country points as live.
 *
 * <ul>
 *   <li>Closing runs series by series in key order, each series' windows in order, so the output is the same on
 *       every run. After its points the task sends its own marker (group {@value #PROGRESS_GROUP}: how far all the
 *       rolled-up groups are complete) to every partition of signal-points, for stage 3.</li>
 *   <li>A point for a window already closed can only come from a writer that was idle and has input again (or from
 *       a foreign writer of the same signal); it is counted ({@value #LATE_POINTS}) and logged at WARN with its
 *       coordinates.</li>
 *   <li>Zero points of silent ASNs (coverage 0) count like any point: a country whose networks all fall silent gets
 *       a zero point.</li>
 *   <li>State: the logged store {@code storeName}: {@code <country entity>|<signal>} -> open windows, the markers
 *       ({@link ProgressStore}) and, per writer group, the end of the last window closed.</li>
 * </ul>
 */
public final class CountryRollupProcessor implements Processor<String, RollupInput, String, SignalPoint> {
    private static final Logger LOG = LoggerFactory.getLogger(CountryRollupProcessor.class);
    public static final String LATE_POINTS = "rollup-late-points";
    /** The writer group of this processor's progress markers. */
    public static final String PROGRESS_GROUP = "country-rollup";
    private static final String CLOSED_PREFIX = "\u0000closed|";

    private final String storeName;
    private final long windowMillis;
    private final int tasks;
    private final Map<String, Long> closed = new LinkedHashMap<>();
    private ProcessorContext<String, SignalPoint> context;
    private KeyValueStore<String, byte[]> store;
    private ProgressStore progress;
    private Sensor lateSensor;
    private Progress sent;

    public CountryRollupProcessor(final String storeName, final long windowMillis, final int tasks) {
        this.storeName = storeName;
        this.windowMillis = windowMillis;
        this.tasks = tasks;
    }

    @Override
    public void init(final ProcessorContext<String, SignalPoint> processorContext) {
        this.context = processorContext;
        this.store = processorContext.getStateStore(storeName);
        this.progress = new ProgressStore(store);
        this.lateSensor = ProcessorMetrics.counter(processorContext, LATE_POINTS);
        for (final String group : CountryRollupTopology.WRITER_GROUPS) {
            final byte[] saved = store.get(CLOSED_PREFIX + group);
            closed.put(group, saved == null ? Progress.NONE : ByteBuffer.wrap(saved).getLong());
        }
    }

    @Override
    public void process(final Record<String, RollupInput> record) {
        if (record.value() instanceof RollupInput.Mark mark) {
            onMark(mark.progress());
        } else if (record.value() instanceof RollupInput.Point p) {
            add(p.point());
        }
    }

    private void add(final SignalPoint point) {
        final RollupRule rule = RollupRule.of(point.getSignal());
        final String group = CountryRollupTopology.groupOf(point.getSignal());
        if (rule == null || group == null) {
            // the filter before the keyer lets only rolled-up signals through; anything else on the topic is foreign
            LOG.warn("Skipping point: {} has no rollup rule. {}", point.getSignal(), ProcessorMetrics.origin(context));
            return;
        }
        final long windowStart = point.getWindowStart().toEpochMilli();
        final String series = point.getEntity() + "|" + point.getSignal();
        if (windowStart + windowMillis <= closed.get(group)) {
            lateSensor.record();
            LOG.warn("Skipping point: late point for {} window {}, country windows of {} closed through {}. {}", series,
                    point.getWindowStart(), group, Instant.ofEpochMilli(closed.get(group)),
                    ProcessorMetrics.origin(context));
            return;
        }
        final CountryWindows windows = CountryWindows.decode(store.get(series));
        windows.window(windowStart).add(rule, point.getValue(), point.getCoverage(), point.getBreakdown());
        store.put(series, windows.encode());
    }

    private void onMark(final Progress marker) {
        if (!progress.update(marker)) {
            return;
        }
        final ProgressTracker tracker = progress.tracker();
        for (final String group : CountryRollupTopology.WRITER_GROUPS) {
            final ProgressTracker.Frontier frontier = tracker.frontier(List.of(group));
            if (frontier.known() && frontier.closedThrough() > closed.get(group)) {
                closeThrough(group, frontier.closedThrough());
            }
        }
        final ProgressTracker.Frontier all = tracker.frontier(CountryRollupTopology.WRITER_GROUPS);
        if (all.known()) {
            final Progress mine = new Progress(PROGRESS_GROUP, context.taskId().partition(), tasks, all.closedThrough(),
                    all.idle());
            if (!mine.equals(sent)) {
                sent = mine;
                context.forward(new Record<>(mine.key(), mine.toPoint(), mine.closedThrough()));
            }
        }
    }

    /** Emits, series by series in key order, every open window of the group's signals ending at or before end. */
    private void closeThrough(final String group, final long end) {
        final List<KeyValue<String, byte[]>> series = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> {
                if (!entry.key.startsWith("\u0000") && group.equals(CountryRollupTopology.groupOf(signalOf(entry.key)))) {
                    series.add(entry);
                }
            });
        }
        series.sort((a, b) -> a.key.compareTo(b.key));
        for (final KeyValue<String, byte[]> entry : series) {
            final CountryWindows windows = CountryWindows.decode(entry.value);
            for (Map.Entry<Long, CountryWindows.Sum> window = windows.pollEndingBy(end, windowMillis); window != null;
                 window = windows.pollEndingBy(end, windowMillis)) {
                emit(entry.key, window.getKey(), window.getValue());
            }
            if (windows.isEmpty()) {
                store.delete(entry.key);
            } else {
                store.put(entry.key, windows.encode());
            }
        }
        closed.put(group, end);
        store.put(CLOSED_PREFIX + group, ByteBuffer.allocate(Long.BYTES).putLong(end).array());
    }

    private static String signalOf(final String series) {
        return series.substring(series.lastIndexOf('|') + 1);
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
                .setWindowEnd(Instant.ofEpochMilli(windowStart + windowMillis))
                .setValue(sum.value(rule))
                .setCoverage(sum.coverage())
                .setBreakdown(new LinkedHashMap<>(sum.breakdown()))
                .build();
        context.forward(new Record<>(series, point, windowStart));
    }
}
