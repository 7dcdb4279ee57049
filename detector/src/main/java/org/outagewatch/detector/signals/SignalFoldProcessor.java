package org.outagewatch.detector.signals;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.outagewatch.detector.common.ClosingTime;
import org.outagewatch.detector.common.ProcessorMetrics;
import org.outagewatch.detector.common.ProgressEmitter;
import org.outagewatch.detector.common.ProgressRules;
import org.outagewatch.detector.common.WindowRules;
import org.outagewatch.detector.feedhealth.FeedSummary;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.ProbeResultBatch;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.TrafficSampleBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1: folds {@link ProbeResult}s or {@link TrafficSample}s per ASN, signal and event-time window into a
 * {@link SignalFoldStore}, and emits one {@link SignalPoint} (key {@code AS<asn>|<signal>}) per series and window
 * when stream time (the largest event time seen by this task) passes the window's end plus the grace. The topology
 * has one of these per input topic ({@link #probes}, {@link #traffic}), each in a sub-topology of its own: each
 * input has its own tasks, store and clock, so a topic that is fetched behind another (a backlog turning live, a
 * slow partition) never has its windows closed by the other topic's event times.
 *
 * <ul>
 *   <li>probe.reachable: entity {@code AS<targetAsn>}, else the vantage ASN; value = share of OK probes,
 *       coverage = probes. Service tests (a {@code service} is set) measure a service, not the network, and are
 *       skipped (counted), but move the clock like every record of the task.</li>
 *   <li>traffic.volume: entity {@code AS<asn>}; value = sum of bytes, coverage = samples; a sample counts in the
 *       window of its {@code intervalStart}.</li>
 *   <li>Silence: a series seen within the active horizon before a window's end gets a zero point (coverage 0) for
 *       an empty window; a series silent for longer is forgotten until it returns.</li>
 *   <li>Stalled feed: when every active series of a signal in this task is silent in a window, and there are at
 *       least {@code stallMinSeries} of them, the feed stopped, not every network at once; those zero points are
 *       held back. For every closed window with an active series the task also emits a
 *       {@link FeedSummary} (key {@code feed/<signal>|feed.reporting}: series reporting, series active, gap or not),
 *       from which {@link org.outagewatch.detector.feedhealth.FeedHealthProcessor} raises one feed-health alert.</li>
 *   <li>Late records (their window already closed) are counted and logged at WARN with their coordinates.</li>
 * </ul>
 * Windows close in this processor, driven by the records' event times, so a replay gives the same points. After
 * the points of the windows it closed, the task sends a progress marker ({@link
 * org.outagewatch.detector.common.Progress}, group {@value #PROBE_GROUP} or {@value #TRAFFIC_GROUP}) to every
 * partition of signal-points, so that the stages that combine partitions know how far this task is.
 */
public final class SignalFoldProcessor implements Processor<String, Object, String, SignalPoint> {
    private static final Logger LOG = LoggerFactory.getLogger(SignalFoldProcessor.class);
    public static final String LATE_RECORDS = "late-records";
    public static final String SKIPPED_RECORDS = "skipped-records";
    /** The writer group of the probe folder's progress markers, and its processor's name. */
    public static final String PROBE_GROUP = "probe-folder";
    /** The writer group of the traffic folder's progress markers, and its processor's name. */
    public static final String TRAFFIC_GROUP = "traffic-folder";
    /** Fewer active series than this falling silent together are outages, not a stalled feed. */
    public static final long DEFAULT_STALL_MIN_SERIES = 5;

    private final String storeName;
    private final WindowRules rules;
    private final long stallMinSeries;
    private final ProgressEmitter progress;
    private final List<SeriesState> evicted = new ArrayList<>();
    private ProcessorContext<String, SignalPoint> context;
    private SignalFoldStore store;
    private Sensor lateSensor;
    private Sensor skippedSensor;
    private long closing;
    private FeedTally tally;

    /** The folder of probe-results: {@code probe.reachable}, in the probe tasks. */
    public static SignalFoldProcessor probes(final String storeName, final WindowRules rules, final long stallMinSeries,
                                             final ProgressRules progressRules) {
        return new SignalFoldProcessor(storeName, rules, stallMinSeries, new ProgressEmitter(PROBE_GROUP,
                progressRules.probeTasks(), progressRules));
    }

    /** The folder of traffic-samples: {@code traffic.volume}, in the traffic tasks. */
    public static SignalFoldProcessor traffic(final String storeName, final WindowRules rules, final long stallMinSeries,
                                              final ProgressRules progressRules) {
        return new SignalFoldProcessor(storeName, rules, stallMinSeries, new ProgressEmitter(TRAFFIC_GROUP,
                progressRules.trafficTasks(), progressRules));
    }

    private SignalFoldProcessor(final String storeName, final WindowRules rules, final long stallMinSeries,
                                final ProgressEmitter progress) {
        if (stallMinSeries < 1) {
            throw new IllegalArgumentException("stallMinSeries must be >= 1: " + stallMinSeries);
        }
        this.storeName = storeName;
        this.rules = rules;
        this.stallMinSeries = stallMinSeries;
        this.progress = progress;
    }

    @Override
    public void init(final ProcessorContext<String, SignalPoint> processorContext) {
        this.context = processorContext;
        this.store = processorContext.getStateStore(storeName);
        this.store.load();
        this.lateSensor = ProcessorMetrics.counter(processorContext, LATE_RECORDS);
        this.skippedSensor = ProcessorMetrics.counter(processorContext, SKIPPED_RECORDS);
        progress.init(processorContext, store.closedThrough(), marker -> processorContext.forward(
                new Record<>(marker.key(), marker.toPoint(), marker.closedThrough())));
    }

    @Override
    public void process(final Record<String, Object> record) {
        progress.onRecord();
        final Object value = record.value();
        if (value instanceof ProbeResultBatch batch) {
            // a batch of one key's events: each folded in order, as if it had been its own record
            for (final ProbeResult probe : batch.getResults()) {
                probe(record, probe);
            }
        } else if (value instanceof TrafficSampleBatch batch) {
            for (final TrafficSample sample : batch.getSamples()) {
                traffic(record, sample);
            }
        } else if (value instanceof ProbeResult probe) {
            probe(record, probe);
        } else if (value instanceof TrafficSample sample) {
            traffic(record, sample);
        } else {
            skip(record, value == null ? "null value" : "unexpected type " + value.getClass().getSimpleName());
        }
        progress.closed(store.closedThrough());
    }

    private void probe(final Record<String, Object> record, final ProbeResult probe) {
        if (probe.getService() != null) {
            // the service folder's input, but it moves this task's stream time like every record of the task
            advance(probe.getMeasuredAt().toEpochMilli());
            skip(record, "service test, not a reachability probe");
            return;
        }
        final Long target = probe.getTargetAsn();
        final long asn = target != null ? target : probe.getVantageAsn();
        fold(record, FoldedSignal.PROBE_REACHABLE, asn, probe.getMeasuredAt().toEpochMilli(),
                probe.getOutcome() == ProbeOutcome.OK ? 1.0 : 0.0);
    }

    private void traffic(final Record<String, Object> record, final TrafficSample sample) {
        fold(record, FoldedSignal.TRAFFIC_VOLUME, sample.getAsn(), sample.getIntervalStart().toEpochMilli(), sample.getBytes());
    }

    private void fold(final Record<String, Object> record, final FoldedSignal signal, final long asn, final long time,
                      final double amount) {
        advance(time);
        final long windowStart = rules.windowStart(time);
        final long closed = store.closedThrough();
        if (closed != SignalFoldStore.NONE && windowStart + rules.sizeMillis() <= closed) {
            lateSensor.record();
            warn(record, "late record for " + SeriesState.keyOf(signal, asn) + " window " + windowStart
                    + ", closed through " + closed);
            return;
        }
        SeriesState state = store.get(signal, asn);
        if (state == null) {
            state = store.create(signal, asn, windowStart, time);
        } else {
            store.touched(state);
            if (time > state.lastSeen) {
                state.lastSeen = time;
            }
        }
        state.add(windowStart, amount);
    }

    /** Moves stream time to {@code time} if it is later, and closes the windows that this closes. */
    private void advance(final long time) {
        final long streamTime = store.streamTime();
        if (streamTime != SignalFoldStore.NONE && time <= streamTime) {
            return;
        }
        final long closable = rules.closedThrough(time);
        final long closed = store.closedThrough();
        if (closed != SignalFoldStore.NONE && closable > closed) {
            closeThrough(closable);
        }
        store.advanceClock(time, closed == SignalFoldStore.NONE ? closable : Math.max(closed, closable));
    }

    /**
     * Closes the windows that end at or before {@code end}, window by window: every series' point of one window
     * (and the feed summaries of that window) before the next window's, so that a consumer closing windows by the
     * points' times (the country rollup) gets each window whole when one record closes many windows at once.
     */
    private void closeThrough(final long end) {
        final long from = store.closedThrough();
        final int partition = context.taskId().partition();
        final FoldedSignal[] signals = FoldedSignal.values();
        final FeedTally[] tallies = new FeedTally[signals.length];
        for (int i = 0; i < signals.length; i++) {
            tallies[i] = new FeedTally(from, end, rules, stallMinSeries);
            store.forEach(signals[i], tallies[i]::count);
        }
        for (long windowStart = from; windowStart + rules.sizeMillis() <= end; windowStart += rules.sizeMillis()) {
            closing = windowStart;
            for (int i = 0; i < signals.length; i++) {
                tally = tallies[i];
                store.forEach(signals[i], this::emitClosing);
                final FeedSummary summary = tally.summary(signals[i].id(), partition, windowStart);
                if (summary != null) {
                    context.forward(new Record<>(summary.key(), summary.toPoint(), summary.windowStart()));
                }
            }
        }
        for (final SeriesState state : evicted) {
            store.remove(state);
        }
        evicted.clear();
    }

    /** Emits the series' point of the window being closed ({@code closing}): its fold, a zero, or nothing. */
    private void emitClosing(final SeriesState state) {
        final long windowStart = closing;
        if (windowStart < state.nextWindowStart) {
            return;
        }
        final long windowEnd = windowStart + rules.sizeMillis();
        if (state.open > 0 && state.starts[0] == windowStart) {
            final long count = state.counts[0];
            final double sum = state.sums[0];
            final double value = state.signal == FoldedSignal.PROBE_REACHABLE ? sum / count : sum;
            emit(state, windowStart, value, count);
            state.dropFirst();
        } else if (windowEnd - state.lastSeen <= rules.activeHorizonMillis()) {
            if (!tally.gap(windowStart)) {
                emit(state, windowStart, 0.0, 0L);
            }
        } else if (state.open == 0) {
            // silent past the active horizon: forgotten until it returns (no later window of this close applies)
            evicted.add(state);
            state.nextWindowStart = Long.MAX_VALUE;
            return;
        }
        // else silent and inactive, with a later window open: nothing for this one
        state.nextWindowStart = windowEnd;
        store.touched(state);
    }

    private void emit(final SeriesState state, final long windowStart, final double value, final long coverage) {
        final String entity = SeriesState.entityOf(state.asn);
        final SignalPoint point = SignalPoint.newBuilder()
                .setEntity(entity)
                .setSignal(state.signal.id())
                .setWindowStart(java.time.Instant.ofEpochMilli(windowStart))
                .setWindowEnd(java.time.Instant.ofEpochMilli(windowStart + rules.sizeMillis()))
                .setValue(value)
                .setCoverage(coverage)
                .build();
        context.forward(new Record<>(entity + "|" + state.signal.id(), point, windowStart, ClosingTime.now()));
    }

    private void skip(final Record<String, Object> record, final String reason) {
        skippedSensor.record();
        if (LOG.isDebugEnabled()) {
            LOG.debug("Skipping record: {}. {}", reason, ProcessorMetrics.origin(context));
        }
    }

    private void warn(final Record<String, Object> record, final String reason) {
        LOG.warn("Skipping record: {}. {}", reason, ProcessorMetrics.origin(context));
    }
}
