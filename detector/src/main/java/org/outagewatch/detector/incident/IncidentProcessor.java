package org.outagewatch.detector.incident;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.outagewatch.detector.common.ProcessorMetrics;
import org.outagewatch.detector.common.Progress;
import org.outagewatch.detector.common.ProgressStore;
import org.outagewatch.detector.common.ProgressTracker;
import org.outagewatch.detector.incident.AlertFact;
import org.outagewatch.detector.incident.AsnDirectory;
import org.outagewatch.detector.incident.AsnPlace;
import org.outagewatch.detector.incident.FusionRules;
import org.outagewatch.detector.incident.IncidentEngine;
import org.outagewatch.detector.incident.IncidentSnapshot;
import org.outagewatch.detector.incident.SeriesFact;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentStatus;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.SignalPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 3: feeds every {@link FusionInput} (all on one partition) to an {@link IncidentEngine}, evaluates it once per
 * step of stream time (the windows' end times), and emits the {@link Incident}s that changed, keyed by incident id.
 * ASN places come from the asn-metadata global store. State is written through to four logged stores: the alerts
 * (alert id -> OutageAlert), the measured series (entity|signal -> SignalPoint whose value is the learned weight
 * and whose windowEnd is the last window seen), the open incidents (id -> Incident, with
 * {@code evidence.lastAlertEnd}) and the clock (the last evaluated step).
 */
public final class IncidentProcessor implements Processor<String, FusionInput, String, Incident> {
    public static final String LAST_ALERT_END = "lastAlertEnd";
    /** Points and alerts that reached stage 3 after the stage-2 markers had released their window. */
    public static final String LATE_INPUTS = "fusion-late-inputs";
    static final String CLOCK_KEY = "evaluated-step";
    private static final Logger LOG = LoggerFactory.getLogger(IncidentProcessor.class);
    private static final String PENDING_PREFIX = "p|";
    private static final String RELEASED_KEY = "\u0000released";

    private final FusionRules rules;
    private final long recoveryMillis;
    private final String alertStoreName;
    private final String seriesStoreName;
    private final String incidentStoreName;
    private final String clockStoreName;
    private final String asnStoreName;
    private final String pendingStoreName;
    private final Serde<FusionInput> inputs;
    private ProcessorContext<String, Incident> context;
    private KeyValueStore<String, byte[]> pendingStore;
    private ProgressStore progress;
    private Sensor lateSensor;
    private long released = Progress.NONE;
    private KeyValueStore<String, OutageAlert> alertStore;
    private KeyValueStore<String, SignalPoint> seriesStore;
    private KeyValueStore<String, Incident> incidentStore;
    private KeyValueStore<String, Long> clockStore;
    private KeyValueStore<String, ValueAndTimestamp<AsnInfo>> asnStore;
    private IncidentEngine engine;

    /**
     * @param recoveryMillis how long before its RESOLVED window an alert's series was back to normal (stage 2 resolves
     *                       after {@code resolve-windows} normal windows: that many minus one window sizes)
     */
    public IncidentProcessor(final FusionRules rules, final long recoveryMillis, final String alertStoreName,
                             final String seriesStoreName, final String incidentStoreName, final String clockStoreName,
                             final String asnStoreName, final String pendingStoreName,
                             final Serde<FusionInput> inputs) {
        this.rules = rules;
        this.recoveryMillis = recoveryMillis;
        this.alertStoreName = alertStoreName;
        this.seriesStoreName = seriesStoreName;
        this.incidentStoreName = incidentStoreName;
        this.clockStoreName = clockStoreName;
        this.asnStoreName = asnStoreName;
        this.pendingStoreName = pendingStoreName;
        this.inputs = inputs;
    }

    @Override
    public void init(final ProcessorContext<String, Incident> processorContext) {
        this.context = processorContext;
        this.alertStore = processorContext.getStateStore(alertStoreName);
        this.seriesStore = processorContext.getStateStore(seriesStoreName);
        this.incidentStore = processorContext.getStateStore(incidentStoreName);
        this.clockStore = processorContext.getStateStore(clockStoreName);
        this.asnStore = processorContext.getStateStore(asnStoreName);
        this.pendingStore = processorContext.getStateStore(pendingStoreName);
        this.progress = new ProgressStore(pendingStore);
        this.lateSensor = ProcessorMetrics.counter(processorContext, LATE_INPUTS);
        final byte[] savedRelease = pendingStore.get(RELEASED_KEY);
        if (savedRelease != null) {
            released = ByteBuffer.wrap(savedRelease).getLong();
        }
        this.engine = new IncidentEngine(rules);
        try (KeyValueIterator<String, OutageAlert> all = alertStore.all()) {
            all.forEachRemaining(kv -> engine.onAlert(fact(kv.value, recoveryMillis)));
        }
        try (KeyValueIterator<String, SignalPoint> all = seriesStore.all()) {
            all.forEachRemaining(kv -> engine.restoreSeries(new SeriesFact(kv.value.getEntity(), kv.value.getSignal(),
                    kv.value.getWindowEnd().toEpochMilli(), kv.value.getValue(), kv.value.getBreakdown())));
        }
        try (KeyValueIterator<String, Incident> all = incidentStore.all()) {
            all.forEachRemaining(kv -> engine.restoreIncident(snapshot(kv.value)));
        }
        final Long step = clockStore.get(CLOCK_KEY);
        if (step != null) {
            engine.restoreEvaluatedStep(step);
        }
    }

    /**
     * A point or an alert waits in the pending store until the stage-2 markers say every input of its window is
     * in; then the window's inputs are taken in one order (time, points before alerts, then by series or alert id),
     * whatever order the partitions delivered them in. An input for a window already released is late: taken at
     * once, counted and logged.
     */
    @Override
    public void process(final Record<String, FusionInput> record) {
        final FusionInput input = record.value();
        if (input instanceof FusionInput.Mark mark) {
            onMark(mark.progress());
            return;
        }
        final long time = timeOf(input);
        if (time == Long.MIN_VALUE) {
            return;
        }
        if (time <= released) {
            lateSensor.record();
            LOG.warn("Taking late input: {} for {} arrived after stage 3 released its window through {}. {}",
                    input instanceof FusionInput.Point ? "point" : "alert", pendingId(input), Instant.ofEpochMilli(released),
                    ProcessorMetrics.origin(context));
            take(input);
            return;
        }
        pendingStore.put(pendingKey(time, input), inputs.serializer().serialize(pendingStoreName, input));
    }

    private void onMark(final Progress marker) {
        if (!progress.update(marker)) {
            return;
        }
        final ProgressTracker.Frontier frontier = progress.tracker().frontier(List.of(FusionProgressProcessor.PROGRESS_GROUP));
        if (!frontier.known() || frontier.closedThrough() <= released) {
            return;
        }
        final long through = frontier.closedThrough();
        final List<byte[]> due = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> pending = pendingStore.range(PENDING_PREFIX,
                PENDING_PREFIX + padded(through) + "|~")) {
            pending.forEachRemaining(entry -> {
                keys.add(entry.key);
                due.add(entry.value);
            });
        }
        keys.forEach(pendingStore::delete);
        released = through;
        pendingStore.put(RELEASED_KEY, ByteBuffer.allocate(Long.BYTES).putLong(through).array());
        for (final byte[] bytes : due) {
            take(inputs.deserializer().deserialize(pendingStoreName, bytes));
        }
    }

    private static long timeOf(final FusionInput input) {
        if (input instanceof FusionInput.Point p) {
            return p.point().getWindowEnd().toEpochMilli();
        } else if (input instanceof FusionInput.Alert a) {
            return a.alert().getWindowEnd().toEpochMilli();
        }
        return Long.MIN_VALUE;
    }

    /** Sorts by time, points before alerts, then by series (points) or alert id and status (alerts). */
    private static String pendingKey(final long time, final FusionInput input) {
        return PENDING_PREFIX + padded(time) + "|" + (input instanceof FusionInput.Point ? "0|" : "1|")
                + pendingId(input);
    }

    /** {@code time} zero-padded to 20 digits, so that keys sort by time (without String.format on every input). */
    private static String padded(final long time) {
        final String digits = Long.toString(time);
        return "0".repeat(Math.max(0, 20 - digits.length())) + digits;
    }

    private static String pendingId(final FusionInput input) {
        if (input instanceof FusionInput.Point p) {
            return p.point().getEntity() + "|" + p.point().getSignal();
        }
        final OutageAlert alert = ((FusionInput.Alert) input).alert();
        return alert.getAlertId() + "|" + alert.getStatus();
    }

    private void take(final FusionInput input) {
        final long time;
        if (input instanceof FusionInput.Point p) {
            time = p.point().getWindowEnd().toEpochMilli();
        } else if (input instanceof FusionInput.Alert a) {
            time = a.alert().getWindowEnd().toEpochMilli();
        } else {
            return;
        }
        if (engine.due(time)) {
            evaluate(time);
        }
        if (input instanceof FusionInput.Point p) {
            final SignalPoint point = p.point();
            final SeriesFact fact = engine.onPoint(point.getEntity(), point.getSignal(), time, point.getValue(),
                    point.getBreakdown());
            seriesStore.put(fact.entity() + "|" + fact.signal(), SignalPoint.newBuilder(point)
                    .setWindowEnd(Instant.ofEpochMilli(fact.lastWindowEnd()))
                    .setValue(fact.weight())
                    .build());
        } else {
            final OutageAlert alert = ((FusionInput.Alert) input).alert();
            engine.onAlert(fact(alert, recoveryMillis));
            alertStore.put(alert.getAlertId(), alert);
            if (engine.behind(time)) {
                // Alerts from a partition that lags the others arrive after stage 3 has evaluated their step;
                // evaluate again at the current step so that they are never left out.
                evaluate(engine.evaluatedTime());
            }
        }
    }

    private void evaluate(final long now) {
        final Map<Long, AsnPlace> places = new HashMap<>();
        final AsnDirectory directory = asn -> places.computeIfAbsent(asn, this::place);
        final List<IncidentSnapshot> changes = engine.evaluate(now, directory);
        engine.removedAlerts().forEach(alertStore::delete);
        for (final IncidentSnapshot change : changes) {
            if (change.status() == IncidentStatus.RESOLVED) {
                incidentStore.delete(change.incidentId());
            }
            context.forward(new Record<>(change.incidentId(), incident(change), now));
        }
        for (final IncidentSnapshot open : engine.openIncidents()) {
            incidentStore.put(open.incidentId(), incident(open));
        }
        clockStore.put(CLOCK_KEY, engine.evaluatedStep());
    }

    private AsnPlace place(final long asn) {
        final ValueAndTimestamp<AsnInfo> info = asnStore.get("AS" + asn);
        return info == null || info.value() == null ? null : new AsnPlace(info.value().getCountry(), info.value().getRegion());
    }

    /**
     * The alert as stage 3 keeps it; the area of an open alert is estimated from its last score. A resolved alert
     * whose series fell silent (stage 1 stops zero points after its active horizon, so there are no points between
     * the last anomalous window and the recovery) is taken to have lasted until its series came back.
     */
    static AlertFact fact(final OutageAlert alert, final long recoveryMillis) {
        final boolean open = alert.getStatus() != AlertStatus.RESOLVED;
        final long start = alert.getStartedAt().toEpochMilli();
        long end = !open && alert.getEndedAt() != null ? alert.getEndedAt().toEpochMilli()
                : alert.getWindowEnd().toEpochMilli();
        final long back = alert.getWindowStart().toEpochMilli() - recoveryMillis;
        if (!open && back > end) {
            end = back;
        }
        final double area = !open && alert.getAlertArea() != null ? alert.getAlertArea()
                : Math.max(0, 1 - alert.getScore()) * 100 * (end - start) / 60_000.0;
        return new AlertFact(alert.getAlertId(), alert.getEntity(), alert.getSignal(), open, start, end,
                alert.getScore(), area);
    }

    static Incident incident(final IncidentSnapshot s) {
        final Map<String, String> evidence = new TreeMap<>(s.evidence());
        evidence.put(LAST_ALERT_END, Instant.ofEpochMilli(s.lastAlertEnd()).toString());
        return Incident.newBuilder()
                .setIncidentId(s.incidentId())
                .setKind(s.kind())
                .setStatus(s.status())
                .setSeverity(s.severity())
                .setIodaScore(s.iodaScore())
                .setAsns(s.asns())
                .setCountries(s.countries())
                .setServices(s.services())
                .setFailureMode(s.failureMode())
                .setStartedAt(Instant.ofEpochMilli(s.startedAt()))
                .setEndedAt(s.endedAt() == null ? null : Instant.ofEpochMilli(s.endedAt()))
                .setAlertIds(s.alertIds())
                .setEvidence(evidence)
                .setExplanation(s.explanation())
                .build();
    }

    static IncidentSnapshot snapshot(final Incident i) {
        final Map<String, String> evidence = new TreeMap<>(i.getEvidence());
        final String lastEnd = evidence.remove(LAST_ALERT_END);
        return new IncidentSnapshot(i.getIncidentId(), i.getKind(), i.getStatus(), i.getSeverity(), i.getIodaScore(),
                i.getAsns(), i.getCountries(), i.getServices(), i.getFailureMode(), i.getStartedAt().toEpochMilli(),
                i.getEndedAt() == null ? null : i.getEndedAt().toEpochMilli(),
                lastEnd == null ? i.getStartedAt().toEpochMilli() : Instant.parse(lastEnd).toEpochMilli(),
                i.getAlertIds(), evidence, i.getExplanation());
    }
}
