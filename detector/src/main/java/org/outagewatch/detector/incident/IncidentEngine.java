package org.outagewatch.detector.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.outagewatch.schemas.IncidentStatus;

/**
 * Stage 3's state and lifecycle, in plain Java. Feed it alerts ({@link #onAlert}) and measured points
 * ({@link #onPoint}); once per step of stream time ({@link #due}) call {@link #evaluate}, which classifies the open
 * alerts into {@link Cluster}s and returns the incident records that changed:
 * <ul>
 *   <li>OPEN for a cluster that meets no open incident; its id is {@code <cluster key>|<start>}, so the same input
 *       gives the same ids.</li>
 *   <li>A cluster that shares an entity with open incidents, and overlaps them in time (an alert of the incident still
 *       going when the cluster's alerts began, or a returning alert of one of its series), continues the oldest of them (UPDATE when its kind,
 *       scope, failure mode or severity changed); the others are RESOLVED with {@code evidence.mergedInto} (a
 *       merge). Two clusters meeting one incident: the first (by key) continues it, the other opens a new one (a
 *       split).</li>
 *   <li>A pooled-only cluster ({@code country:<CC>}: a country's own series alert, none of its networks) that meets an
 *       open incident is its tail: it keeps the incident open without changing its kind.</li>
 *   <li>An incident without a cluster is RESOLVED once its last alert ended {@link FusionRules#lingerMillis()} ago;
 *       until then a returning alert rejoins it.</li>
 * </ul>
 * Resolved alerts are dropped once no open incident holds them.
 */
public final class IncidentEngine {
    public static final String MERGED_INTO = "mergedInto";
    private static final double WEIGHT_ALPHA = 0.1;

    private final FusionRules rules;
    private final IncidentClassifier classifier;
    private final SortedMap<String, AlertFact> alerts = new TreeMap<>();
    private final Map<String, SeriesFact> series = new LinkedHashMap<>();
    private final SortedMap<String, IncidentSnapshot> incidents = new TreeMap<>();
    private final List<String> removed = new ArrayList<>();
    private long evaluatedStep = Long.MIN_VALUE;

    public IncidentEngine(final FusionRules rules) {
        this.rules = rules;
        this.classifier = new IncidentClassifier(rules);
    }

    public void onAlert(final AlertFact fact) {
        alerts.put(fact.alertId(), fact);
    }

    /**
     * Records a point of a measured series and returns the series' new fact. The weight (normal volume) is an
     * average of the values, not learned while the series has an open alert.
     */
    public SeriesFact onPoint(final String entity, final String signal, final long windowEnd, final double value,
                              final Map<String, Long> breakdown) {
        final String key = entity + "|" + signal;
        final SeriesFact before = series.get(key);
        double weight = before == null ? value : before.weight();
        if (before != null && !alerting(entity, signal)) {
            weight += WEIGHT_ALPHA * (value - weight);
        }
        // while alerting, the outcome counts of the last failing window stay the evidence when a window recovers
        final Map<String, Long> kept = before != null && alerting(entity, signal) && !FailureModes.anyFailure(breakdown)
                ? before.breakdown() : breakdown;
        final SeriesFact fact = new SeriesFact(entity, signal, Math.max(windowEnd, before == null ? windowEnd
                : before.lastWindowEnd()), weight, kept);
        series.put(key, fact);
        return fact;
    }

    /** Puts back a series fact from the detector's store (after a restart). */
    public void restoreSeries(final SeriesFact fact) {
        series.put(fact.entity() + "|" + fact.signal(), fact);
    }

    /** Puts back an open incident from the detector's store (after a restart). */
    public void restoreIncident(final IncidentSnapshot snapshot) {
        incidents.put(snapshot.incidentId(), snapshot);
    }

    /** Puts back the last evaluated step (after a restart). */
    public void restoreEvaluatedStep(final long step) {
        evaluatedStep = step;
    }

    public long evaluatedStep() {
        return evaluatedStep;
    }

    /**
     * True when {@code time} lies in a step already evaluated: the input came late to stage 3, as it does when
     * one upstream partition runs ahead of another (a backlog, a replay). Such an alert must not wait for the
     * next step, which may never come from its own partition.
     */
    public boolean behind(final long time) {
        return evaluatedStep != Long.MIN_VALUE && Math.floorDiv(time, rules.stepMillis()) < evaluatedStep;
    }

    /** The start of the last evaluated step, in stream time. */
    public long evaluatedTime() {
        return evaluatedStep * rules.stepMillis();
    }

    /** True when stream time {@code time} has entered a step not yet evaluated. */
    public boolean due(final long time) {
        return Math.floorDiv(time, rules.stepMillis()) > evaluatedStep;
    }

    public Collection<AlertFact> alerts() {
        return alerts.values();
    }

    /** The open incidents (the last record of each). */
    public Collection<IncidentSnapshot> openIncidents() {
        return incidents.values();
    }

    /**
     * Classifies the alerts at stream time {@code now} and returns the records to emit, in a deterministic order.
     * Resolved alerts are dropped afterwards; the caller persists {@link #alerts()} and {@link #openIncidents()}.
     */
    public List<IncidentSnapshot> evaluate(final long now, final AsnDirectory directory) {
        evaluatedStep = Math.floorDiv(now, rules.stepMillis());
        if (alerts.isEmpty() && incidents.isEmpty()) {
            removed.clear();
            return List.of();
        }
        final List<Cluster> clusters = classifier.classify(alerts.values(), series, directory, now);
        final List<IncidentSnapshot> out = new ArrayList<>();
        final Set<String> claimed = new HashSet<>();
        final Map<String, String> mergedInto = new TreeMap<>();
        for (final Cluster cluster : clusters) {
            final Set<String> entities = entities(cluster.alertIds());
            final List<IncidentSnapshot> meeting = incidents.values().stream()
                    .filter(i -> !claimed.contains(i.incidentId()) && !mergedInto.containsKey(i.incidentId()))
                    .filter(i -> intersects(entities(i.alertIds()), entities))
                    .filter(i -> overlaps(i, cluster))
                    .sorted((a, b) -> a.startedAt() != b.startedAt() ? Long.compare(a.startedAt(), b.startedAt())
                            : a.incidentId().compareTo(b.incidentId()))
                    .toList();
            final IncidentSnapshot before = meeting.isEmpty() ? null : meeting.get(0);
            final String id = before != null ? before.incidentId() : newId(cluster);
            claimed.add(id);
            for (int i = 1; i < meeting.size(); i++) {
                mergedInto.put(meeting.get(i).incidentId(), id);
            }
            final IncidentSnapshot next = snapshot(id, cluster, before);
            final IncidentSnapshot stored;
            if (before != null && cluster.key().startsWith(IncidentClassifier.POOLED_ONLY)) {
                // a country's pooled series still down after the incident's networks came back: its tail, which
                // says nothing new about the kind
                stored = before.withAlerts(next.alertIds(), next.lastAlertEnd());
            } else if (before == null) {
                stored = next;
                out.add(next);
            } else if (changed(before, next)) {
                stored = next.with(IncidentStatus.UPDATE, null, next.evidence(), next.explanation());
                out.add(stored);
            } else {
                stored = before.withAlerts(next.alertIds(), next.lastAlertEnd());
            }
            incidents.put(id, stored);
        }
        for (final IncidentSnapshot incident : List.copyOf(incidents.values())) {
            if (claimed.contains(incident.incidentId())) {
                continue;
            }
            final long lastEnd = lastEnd(incident);
            final String into = mergedInto.get(incident.incidentId());
            if (into != null) {
                final Map<String, String> evidence = new TreeMap<>(incident.evidence());
                evidence.put(MERGED_INTO, into);
                out.add(incident.withLastAlertEnd(lastEnd).withIodaScore(ioda(incident)).with(IncidentStatus.RESOLVED, lastEnd, evidence,
                        incident.explanation() + " Merged into incident " + into + ", which now covers its alerts."));
                incidents.remove(incident.incidentId());
            } else if (now - lastEnd >= rules.lingerMillis()) {
                out.add(incident.withLastAlertEnd(lastEnd).withIodaScore(ioda(incident)).with(IncidentStatus.RESOLVED, lastEnd, incident.evidence(),
                        incident.explanation() + " Resolved: its last alert ended at " + Instant.ofEpochMilli(lastEnd) + "."));
                incidents.remove(incident.incidentId());
            } else {
                incidents.put(incident.incidentId(), incident.withLastAlertEnd(lastEnd));
            }
        }
        // a closed alert is kept while an open incident holds it (for its final area), then dropped
        final Set<String> held = new HashSet<>();
        incidents.values().forEach(i -> held.addAll(i.alertIds()));
        removed.clear();
        alerts.values().removeIf(a -> {
            final boolean drop = !a.open() && !held.contains(a.alertId());
            if (drop) {
                removed.add(a.alertId());
            }
            return drop;
        });
        return out;
    }

    /** The alerts the last {@link #evaluate} dropped (for the caller's store). */
    public List<String> removedAlerts() {
        return List.copyOf(removed);
    }

    /** IODA's overall score from the alerts still known: the product across signals of the summed alert areas. */
    private Double ioda(final IncidentSnapshot incident) {
        final SortedMap<String, Double> areas = new TreeMap<>();
        for (final String alertId : incident.alertIds()) {
            final AlertFact fact = alerts.get(alertId);
            if (fact != null) {
                areas.merge(fact.signal(), fact.area(), Double::sum);
            }
        }
        if (areas.isEmpty()) {
            return incident.iodaScore();
        }
        double product = 1;
        for (final double area : areas.values()) {
            product *= area;
        }
        return product;
    }

    private IncidentSnapshot snapshot(final String id, final Cluster cluster, final IncidentSnapshot before) {
        final SortedSet<String> alertIds = new TreeSet<>(cluster.alertIds());
        long start = cluster.startedAt();
        long lastEnd = cluster.lastEnd();
        if (before != null) {
            alertIds.addAll(before.alertIds());
            start = Math.min(start, before.startedAt());
            lastEnd = Math.max(lastEnd, before.lastAlertEnd());
        }
        final IncidentSnapshot draft = new IncidentSnapshot(id, cluster.kind(), IncidentStatus.OPEN, cluster.severity(),
                cluster.iodaScore(), List.copyOf(cluster.asns()), List.copyOf(cluster.countries()),
                List.copyOf(cluster.services()), cluster.failureMode(), start, null, lastEnd, List.copyOf(alertIds),
                cluster.evidence(), cluster.explanation());
        return draft.withLastAlertEnd(lastEnd(draft));
    }

    private boolean changed(final IncidentSnapshot before, final IncidentSnapshot next) {
        return before.kind() != next.kind() || before.failureMode() != next.failureMode()
                || !before.asns().equals(next.asns()) || !before.countries().equals(next.countries())
                || !before.services().equals(next.services())
                || Math.abs(before.severity() - next.severity()) >= rules.severityStep();
    }

    /** The end of the latest window any of the incident's alerts still known here was seen in. */
    private long lastEnd(final IncidentSnapshot incident) {
        long end = incident.lastAlertEnd();
        for (final String alertId : incident.alertIds()) {
            final AlertFact fact = alerts.get(alertId);
            if (fact != null) {
                end = Math.max(end, fact.endedAt());
            }
        }
        return end;
    }

    private String newId(final Cluster cluster) {
        final String base = cluster.key() + "|" + Instant.ofEpochMilli(cluster.startedAt());
        String id = base;
        for (int n = 2; incidents.containsKey(id); n++) {
            id = base + "#" + n;
        }
        return id;
    }

    private boolean alerting(final String entity, final String signal) {
        final String prefix = entity + "|" + signal + "|";
        final SortedMap<String, AlertFact> tail = alerts.tailMap(prefix);
        return !tail.isEmpty() && tail.firstKey().startsWith(prefix) && tail.get(tail.firstKey()).open();
    }

    /**
     * True when the cluster belongs to the incident in time as well: an alert of the incident was still going when the
     * cluster's alerts began, or the cluster holds a returning alert of a series the incident held (a flapping series
     * within the linger). An incident whose alerts all ended before the cluster began does not absorb it: the next
     * outage on one of its networks is a new incident.
     */
    private boolean overlaps(final IncidentSnapshot incident, final Cluster cluster) {
        if (lastEnd(incident) >= cluster.startedAt()) {
            return true;
        }
        final Set<String> held = new HashSet<>();
        incident.alertIds().forEach(a -> held.add(seriesOfAlert(a)));
        for (final String alertId : cluster.alertIds()) {
            if (held.contains(seriesOfAlert(alertId))) {
                return true;
            }
        }
        return false;
    }

    /** {@code <entity>|<signal>} of an alert id {@code <entity>|<signal>|<startedAt>}. */
    private static String seriesOfAlert(final String alertId) {
        final int bar = alertId.lastIndexOf('|');
        return bar < 0 ? alertId : alertId.substring(0, bar);
    }

    private static Set<String> entities(final Collection<String> alertIds) {
        final Set<String> entities = new HashSet<>();
        alertIds.forEach(a -> entities.add(EntityId.entityOfAlert(a)));
        return entities;
    }

    private static boolean intersects(final Set<String> a, final Set<String> b) {
        for (final String x : a) {
            if (b.contains(x)) {
                return true;
            }
        }
        return false;
    }
}
