package org.outagewatch.detector.liveness;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.outagewatch.detector.common.ProcessorMetrics;
import org.outagewatch.detector.common.ProgressEmitter;
import org.outagewatch.detector.common.ProgressRules;
import org.outagewatch.detector.common.WindowClock;
import org.outagewatch.detector.common.WindowRules;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.ConnectionEventType;
import org.outagewatch.schemas.SignalPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vantage liveness: consumes RIPE Atlas {@link ConnectionEvent}s (keyed {@code AS<asn>}), keeps per ASN which
 * probes are connected ({@link ProbeRoster}) and emits, per event-time window closed by stream time (the window
 * size and grace of stage 1), one {@link SignalPoint} {@code AS<asn>|atlas.connected-probes}: value = the share of
 * the ASN's known probes connected at the window's end, coverage = probes known, breakdown {@value #CONNECTED} = the
 * count. A burst of disconnections drops the value. It is a share so that stage 2 judges it like the other sparse
 * shares (the {@code atlas.} prefix is coverage-gated by default): an ASN needs {@code min-coverage} known probes, and
 * a drop must be improbable under the binomial tail, so one probe of two going away (or connecting from another
 * ASN) is not an outage, while a burst across many probes is.
 *
 * <ul>
 *   <li>A probe first seen disconnecting counts as connected before that event.</li>
 *   <li>A probe that connects from another ASN than the one it last connected from leaves that ASN's roster (it
 *       moved, or its ASN changed; it is not a probe down). Hence the one partition, see {@link LivenessTopology}.</li>
 *   <li>An ASN with connected probes gets a point every window, events or not; one whose probes are all
 *       disconnected gets zero points for the active horizon after its last connected moment, then is forgotten.</li>
 *   <li>A late event (before the last closed window's end) still updates the state, unless its probe has a newer
 *       event; it is counted ({@value #LATE_RECORDS}) and logged at WARN, and the points already emitted stay.</li>
 *   <li>Events without an ASN are counted ({@value #SKIPPED_RECORDS}) and logged at WARN.</li>
 *   <li>State: the logged store {@code storeName}, {@code AS<asn>} -> roster, {@code P<probe>} -> the ASN it last
 *       connected from, and the clock -> stream time and the end of the last closed window; a restarted task
 *       carries on from it.</li>
 * </ul>
 */
public final class LivenessProcessor implements Processor<String, ConnectionEvent, String, SignalPoint> {
    private static final Logger LOG = LoggerFactory.getLogger(LivenessProcessor.class);
    public static final String SIGNAL = "atlas.connected-probes";
    /** The writer group of this processor's progress markers (one task). */
    public static final String PROGRESS_GROUP = "probe-liveness";
    /** The breakdown key of the number of probes connected at the window's end. */
    public static final String CONNECTED = "connected";
    public static final String LATE_RECORDS = "liveness-late-records";
    public static final String SKIPPED_RECORDS = "liveness-skipped-records";
    /** The store key of this task's clock; entity ids never start with a NUL. */
    static final String CLOCK_KEY = WindowClock.CLOCK_KEY;
    /** Store keys {@code P<probe id>}: the ASN the probe last connected from (8 bytes). */
    static final String PROBE_PREFIX = "P";
    private static final long NONE = ProbeRoster.NONE;

    private final String storeName;
    private final WindowRules rules;
    private ProcessorContext<String, SignalPoint> context;
    private KeyValueStore<String, byte[]> store;
    private Sensor lateSensor;
    private Sensor skippedSensor;
    private WindowClock clock;
    private final ProgressEmitter progress;

    public LivenessProcessor(final String storeName, final WindowRules rules, final ProgressRules progressRules) {
        this.storeName = storeName;
        this.rules = rules;
        this.progress = new ProgressEmitter(PROGRESS_GROUP, 1, progressRules);
    }

    @Override
    public void init(final ProcessorContext<String, SignalPoint> processorContext) {
        this.context = processorContext;
        this.store = processorContext.getStateStore(storeName);
        this.lateSensor = ProcessorMetrics.counter(processorContext, LATE_RECORDS);
        this.skippedSensor = ProcessorMetrics.counter(processorContext, SKIPPED_RECORDS);
        this.clock = new WindowClock(rules, store);
        progress.init(processorContext, clock.closedThrough(), marker -> processorContext.forward(
                new Record<>(marker.key(), marker.toPoint(), marker.closedThrough())));
    }

    @Override
    public void process(final Record<String, ConnectionEvent> record) {
        progress.onRecord();
        fold(record);
        progress.closed(clock.closedThrough());
    }

    private void fold(final Record<String, ConnectionEvent> record) {
        final ConnectionEvent event = record.value();
        if (event == null || event.getAsn() == null) {
            skippedSensor.record();
            warn("Skipping record: connection event without an ASN for key " + record.key());
            return;
        }
        final long time = event.getOccurredAt().toEpochMilli();
        clock.advance(time, this::closeThrough);
        final String entity = "AS" + event.getAsn();
        final boolean connect = event.getEvent() == ConnectionEventType.CONNECT;
        final boolean late = clock.closedThrough() != WindowClock.NONE && time < clock.closedThrough();
        if (late) {
            lateSensor.record();
            warn("Late connection event at " + event.getOccurredAt() + " of probe " + event.getProbeId() + " in "
                    + entity + ", windows closed through " + Instant.ofEpochMilli(clock.closedThrough())
                    + "; state updated, emitted points unchanged");
        }
        if (connect) {
            leavePreviousAsn(event.getProbeId(), event.getAsn(), time, late);
        }
        update(entity, store.get(entity), new ProbeRoster.Event(event.getProbeId(), connect, time), late);
    }

    /** A probe connecting from {@code asn} leaves the roster of the ASN it last connected from, if another. */
    private void leavePreviousAsn(final long probeId, final long asn, final long time, final boolean late) {
        final String key = PROBE_PREFIX + probeId;
        final byte[] previous = store.get(key);
        if (previous != null) {
            final long left = ByteBuffer.wrap(previous).getLong();
            if (left == asn) {
                return;
            }
            final String entity = "AS" + left;
            final byte[] roster = store.get(entity);
            if (roster != null) {
                update(entity, roster, ProbeRoster.Event.leave(probeId, time), late);
            }
        }
        store.put(key, ByteBuffer.allocate(Long.BYTES).putLong(asn).array());
    }

    /** Applies (late) or holds {@code change} in the roster stored as {@code bytes} (null: a new one), and saves it. */
    private void update(final String entity, final byte[] bytes, final ProbeRoster.Event change, final boolean late) {
        final ProbeRoster roster = ProbeRoster.decode(bytes);
        if (late) {
            roster.apply(change);
        } else {
            roster.hold(change);
        }
        store.put(entity, roster.encode());
    }

    /**
     * Emits every window ending after {@code from} and at or before {@code end}, for every ASN, window by window
     * (all ASNs' points of one window before the next window's), so that a consumer closing windows by the points'
     * times (the country rollup) gets each window whole, even when one event closes many windows at once.
     */
    private void closeThrough(final long from, final long end) {
        final List<KeyValue<String, ProbeRoster>> rosters = new ArrayList<>();
        for (final KeyValue<String, byte[]> entry : clock.entries()) {
            if (!entry.key.startsWith(PROBE_PREFIX)) {
                rosters.add(KeyValue.pair(entry.key, ProbeRoster.decode(entry.value)));
            }
        }
        for (long windowEnd = from + rules.sizeMillis(); windowEnd <= end; windowEnd += rules.sizeMillis()) {
            for (final KeyValue<String, ProbeRoster> entry : rosters) {
                final ProbeRoster roster = entry.value;
                roster.settleBefore(windowEnd);
                if (roster.known() == 0) {
                    continue;
                }
                final long connected = roster.connected();
                if (connected > 0) {
                    roster.markLive(windowEnd);
                }
                if (connected > 0 || withinHorizon(roster, windowEnd)) {
                    emit(entry.key, windowEnd, connected, roster.known());
                }
            }
        }
        for (final KeyValue<String, ProbeRoster> entry : rosters) {
            final ProbeRoster roster = entry.value;
            if (roster.connected() == 0 && !roster.hasPending() && !withinHorizon(roster, end)) {
                store.delete(entry.key);
            } else {
                store.put(entry.key, roster.encode());
            }
        }
    }

    private boolean withinHorizon(final ProbeRoster roster, final long windowEnd) {
        return roster.lastLive() != NONE && windowEnd - roster.lastLive() <= rules.activeHorizonMillis();
    }

    private void emit(final String entity, final long windowEnd, final long connected, final long known) {
        final long windowStart = windowEnd - rules.sizeMillis();
        final SignalPoint point = SignalPoint.newBuilder()
                .setEntity(entity)
                .setSignal(SIGNAL)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setValue((double) connected / known)
                .setCoverage(known)
                .setBreakdown(Map.of(CONNECTED, connected))
                .build();
        context.forward(new Record<>(entity + "|" + SIGNAL, point, windowStart));
    }

    private void warn(final String reason) {
        LOG.warn("{}. {}", reason, ProcessorMetrics.origin(context));
    }
}
