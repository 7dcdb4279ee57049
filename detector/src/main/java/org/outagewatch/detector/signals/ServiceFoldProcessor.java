package org.outagewatch.detector.signals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.outagewatch.detector.common.ClosingTime;
import org.outagewatch.detector.common.ProcessorMetrics;
import org.outagewatch.detector.common.ProgressEmitter;
import org.outagewatch.detector.common.ProgressRules;
import org.outagewatch.detector.common.WindowClock;
import org.outagewatch.detector.common.WindowRules;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.ProbeResultBatch;
import org.outagewatch.schemas.SignalPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 1 for service tests: folds the {@link ProbeResult}s that have a {@code service} set per (vantage ASN,
 * service) and event-time window, and emits one {@link SignalPoint} per entity and window (key
 * {@code AS<asn>/<service>|service.accessible}) when stream time passes the window's end plus the grace.
 * Value = share of tests that reached the service, coverage = tests, breakdown = the tests' outcomes by name plus
 * {@value #CONTROL_MEASURED} and {@value #CONTROL_FAILED} (tests with a control, and those whose control failed too).
 * A window without tests emits nothing: no tests is not a blocked service. Records without a service are left to
 * {@link SignalFoldProcessor}. State lives in a logged key-value store ({@code entity -> open windows}).
 *
 * <p>Windows close by the task's stream time: every record of the task (probes without a service too) moves the
 * clock, as in {@link SignalFoldProcessor#probes the probe folder} beside it, so one probe task has one notion of
 * how far it is and its progress markers (group {@value #PROGRESS_GROUP}) move with its other input. A service test more than the
 * grace behind the task's other input is late (counted and logged): files of one world are replayed merged in
 * event-time order ({@code ingest replay}), not one source after another.
 */
public final class ServiceFoldProcessor implements Processor<String, Object, String, SignalPoint> {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceFoldProcessor.class);
    public static final String SIGNAL = "service.accessible";
    /** The writer group of this processor's progress markers. */
    public static final String PROGRESS_GROUP = "service-folder";
    public static final String CONTROL_MEASURED = "control.measured";
    public static final String CONTROL_FAILED = "control.failed";
    /** The store key of this task's clock (stream time and windows closed); entity ids never start with a NUL. */
    static final String CLOCK_KEY = WindowClock.CLOCK_KEY;
    private static final ProbeOutcome[] OUTCOMES = ProbeOutcome.values();

    private final String storeName;
    private final WindowRules rules;
    private ProcessorContext<String, SignalPoint> context;
    private KeyValueStore<String, byte[]> store;
    private Sensor lateSensor;
    private WindowClock clock;
    private final ProgressEmitter progress;

    public ServiceFoldProcessor(final String storeName, final WindowRules rules, final ProgressRules progressRules) {
        this.storeName = storeName;
        this.rules = rules;
        this.progress = new ProgressEmitter(PROGRESS_GROUP, progressRules.probeTasks(), progressRules);
    }

    @Override
    public void init(final ProcessorContext<String, SignalPoint> processorContext) {
        this.context = processorContext;
        this.store = processorContext.getStateStore(storeName);
        this.lateSensor = ProcessorMetrics.counter(processorContext, SignalFoldProcessor.LATE_RECORDS);
        this.clock = new WindowClock(rules, store);
        progress.init(processorContext, clock.closedThrough(), marker -> processorContext.forward(
                new Record<>(marker.key(), marker.toPoint(), marker.closedThrough())));
    }

    @Override
    public void process(final Record<String, Object> record) {
        progress.onRecord();
        final Object value = record.value();
        if (value instanceof ProbeResultBatch batch) {
            batch.getResults().forEach(this::take);
        } else {
            take(value);
        }
        progress.closed(clock.closedThrough());
    }

    /** One event: a service test is folded; any other event only moves this task's clock. */
    private void take(final Object value) {
        if (value instanceof ProbeResult probe && probe.getService() != null) {
            fold(probe);
        } else if (value instanceof ProbeResult other) {
            clock.advance(other.getMeasuredAt().toEpochMilli(), (from, to) -> closeThrough(to));
        }
    }

    private void fold(final ProbeResult probe) {
        final long time = probe.getMeasuredAt().toEpochMilli();
        clock.advance(time, (from, to) -> closeThrough(to));
        final long windowStart = rules.windowStart(time);
        final String entity = "AS" + probe.getVantageAsn() + "/" + probe.getService();
        if (clock.closed(windowStart)) {
            lateSensor.record();
            LOG.warn("Skipping record: late service test for {} window {}, closed through {}. {}", entity, windowStart,
                    clock.closedThrough(), ProcessorMetrics.origin(context));
            return;
        }
        final TreeMap<Long, long[]> windows = decode(store.get(entity));
        final long[] counts = windows.computeIfAbsent(windowStart, w -> new long[OUTCOMES.length + 2]);
        counts[probe.getOutcome().ordinal()]++;
        if (probe.getControlOutcome() != null) {
            counts[OUTCOMES.length]++;
            if (probe.getControlOutcome() != ProbeOutcome.OK) {
                counts[OUTCOMES.length + 1]++;
            }
        }
        store.put(entity, encode(windows));
    }

    /**
     * Emits every open window that ends at or before {@code end}, window by window (every entity's point of one
     * window before the next window's, entities in key order), so that the country rollup gets each window whole.
     */
    private void closeThrough(final long end) {
        final List<KeyValue<String, TreeMap<Long, long[]>>> entities = new ArrayList<>();
        final TreeSet<Long> closing = new TreeSet<>();
        for (final KeyValue<String, byte[]> entry : clock.entries()) {
            final TreeMap<Long, long[]> windows = decode(entry.value);
            entities.add(KeyValue.pair(entry.key, windows));
            for (final long windowStart : windows.keySet()) {
                if (windowStart + rules.sizeMillis() > end) {
                    break;
                }
                closing.add(windowStart);
            }
        }
        if (closing.isEmpty()) {
            return;
        }
        final Set<String> changed = new HashSet<>();
        for (final long windowStart : closing) {
            for (final KeyValue<String, TreeMap<Long, long[]>> entity : entities) {
                final long[] counts = entity.value.remove(windowStart);
                if (counts != null) {
                    emit(entity.key, windowStart, counts);
                    changed.add(entity.key);
                }
            }
        }
        for (final KeyValue<String, TreeMap<Long, long[]>> entity : entities) {
            if (!changed.contains(entity.key)) {
                continue;
            }
            if (entity.value.isEmpty()) {
                store.delete(entity.key);
            } else {
                store.put(entity.key, encode(entity.value));
            }
        }
    }

    private void emit(final String entity, final long windowStart, final long[] counts) {
        long tests = 0;
        final Map<String, Long> breakdown = new LinkedHashMap<>();
        for (int i = 0; i < OUTCOMES.length; i++) {
            tests += counts[i];
            if (counts[i] > 0) {
                breakdown.put(OUTCOMES[i].name(), counts[i]);
            }
        }
        breakdown.put(CONTROL_MEASURED, counts[OUTCOMES.length]);
        breakdown.put(CONTROL_FAILED, counts[OUTCOMES.length + 1]);
        final SignalPoint point = SignalPoint.newBuilder()
                .setEntity(entity)
                .setSignal(SIGNAL)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowStart + rules.sizeMillis()))
                .setValue((double) counts[ProbeOutcome.OK.ordinal()] / tests)
                .setCoverage(tests)
                .setBreakdown(breakdown)
                .build();
        context.forward(new Record<>(entity + "|" + SIGNAL, point, windowStart, ClosingTime.now()));
    }

    private static TreeMap<Long, long[]> decode(final byte[] bytes) {
        final TreeMap<Long, long[]> windows = new TreeMap<>();
        if (bytes == null) {
            return windows;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            final int n = in.readInt();
            for (int w = 0; w < n; w++) {
                final long start = in.readLong();
                final long[] counts = new long[OUTCOMES.length + 2];
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = in.readInt();
                }
                windows.put(start, counts);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return windows;
    }

    private static byte[] encode(final TreeMap<Long, long[]> windows) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(4 + windows.size() * (8 + 4 * (OUTCOMES.length + 2)));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(windows.size());
            for (final Map.Entry<Long, long[]> e : windows.entrySet()) {
                out.writeLong(e.getKey());
                for (final long count : e.getValue()) {
                    out.writeInt((int) count);
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
