package org.outagewatch.detector.incident;

import java.util.List;
import java.util.Map;
import org.outagewatch.schemas.FailureMode;
import org.outagewatch.schemas.IncidentKind;
import org.outagewatch.schemas.IncidentStatus;

/**
 * One incident record as stage 3 emits it (the detector maps it 1:1 to the Avro {@code Incident}).
 *
 * @param incidentId {@code <cluster key at birth>|<start, ISO-8601>}, e.g. {@code blocking:PK|2020-05-17T17:00:00Z}
 * @param endedAt end of the latest alert, when RESOLVED, else null
 * @param lastAlertEnd end of the latest window any of its alerts was seen in (kept while open to resolve it later)
 * @param alertIds every alert that has been part of the incident
 */
public record IncidentSnapshot(String incidentId, IncidentKind kind, IncidentStatus status, int severity,
                               Double iodaScore, List<Long> asns, List<String> countries, List<String> services,
                               FailureMode failureMode, long startedAt, Long endedAt, long lastAlertEnd,
                               List<String> alertIds, Map<String, String> evidence, String explanation) {
    public IncidentSnapshot {
        asns = List.copyOf(asns);
        countries = List.copyOf(countries);
        services = List.copyOf(services);
        alertIds = List.copyOf(alertIds);
        evidence = Map.copyOf(evidence);
    }

    IncidentSnapshot with(final IncidentStatus newStatus, final Long newEndedAt, final Map<String, String> newEvidence,
                          final String newExplanation) {
        return new IncidentSnapshot(incidentId, kind, newStatus, severity, iodaScore, asns, countries, services,
                failureMode, startedAt, newEndedAt, lastAlertEnd, alertIds, newEvidence, newExplanation);
    }

    IncidentSnapshot withAlerts(final List<String> newAlertIds, final long end) {
        return new IncidentSnapshot(incidentId, kind, status, severity, iodaScore, asns, countries, services,
                failureMode, startedAt, endedAt, end, newAlertIds, evidence, explanation);
    }

    IncidentSnapshot withIodaScore(final Double score) {
        return new IncidentSnapshot(incidentId, kind, status, severity, score, asns, countries, services,
                failureMode, startedAt, endedAt, lastAlertEnd, alertIds, evidence, explanation);
    }

    IncidentSnapshot withLastAlertEnd(final long end) {
        return new IncidentSnapshot(incidentId, kind, status, severity, iodaScore, asns, countries, services,
                failureMode, startedAt, endedAt, end, alertIds, evidence, explanation);
    }
}
