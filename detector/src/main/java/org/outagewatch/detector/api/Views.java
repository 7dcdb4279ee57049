package org.outagewatch.detector.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.outagewatch.detector.history.ScoredPoint;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.OutageAlert;

/** The JSON shapes of the API (documented field by field in {@code openapi.json}); times are ISO-8601 UTC. */
public final class Views {
    private Views() {
    }

    public record IncidentView(String incidentId, String kind, String status, int severity, Double iodaScore,
                               List<String> asns, List<String> countries, List<String> services, String failureMode,
                               String startedAt, String endedAt, List<String> alertIds, Map<String, String> evidence,
                               String explanation) {
    }

    public record AlertView(String alertId, String entity, String signal, String status, String severity,
                            String startedAt, String endedAt, String windowStart, String windowEnd, double expected,
                            double observed, double score, long coverage, Double durationMinutes, Double alertArea) {
    }

    public record PointView(String windowStart, String windowEnd, double observed, Double expected, Double low,
                            Double high, Double alertBelow, long coverage) {
    }

    public record SeriesView(String entity, String signal, String from, String to, List<PointView> points,
                             List<AlertView> alerts) {
    }

    public record EntityView(String entity, String kind, Long asn, String name, String country, String region) {
    }

    public static IncidentView incident(final Incident i) {
        return new IncidentView(i.getIncidentId(), i.getKind().name(), i.getStatus().name(), i.getSeverity(),
                i.getIodaScore(), i.getAsns().stream().map(asn -> "AS" + asn).toList(), List.copyOf(i.getCountries()),
                List.copyOf(i.getServices()), i.getFailureMode() == null ? null : i.getFailureMode().name(),
                time(i.getStartedAt()), time(i.getEndedAt()), List.copyOf(i.getAlertIds()), new TreeMap<>(i.getEvidence()),
                i.getExplanation());
    }

    public static AlertView alert(final OutageAlert a) {
        return new AlertView(a.getAlertId(), a.getEntity(), a.getSignal(), a.getStatus().name(), a.getSeverity().name(),
                time(a.getStartedAt()), time(a.getEndedAt()), time(a.getWindowStart()), time(a.getWindowEnd()),
                a.getExpected(), a.getObserved(), a.getScore(), a.getCoverage(), a.getDurationMinutes(), a.getAlertArea());
    }

    public static PointView point(final ScoredPoint p) {
        return new PointView(time(p.windowStart()), time(p.windowEnd()), p.observed(), finite(p.expected()),
                finite(p.low()), finite(p.high()), finite(p.alertBelow()), p.coverage());
    }

    public static EntityView network(final AsnInfo info) {
        return new EntityView("AS" + info.getAsn(), "asn", info.getAsn(), info.getName(), info.getCountry(),
                info.getRegion());
    }

    public static EntityView country(final String code) {
        return new EntityView(code, "country", null, null, code, null);
    }

    static String time(final Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static String time(final long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static Double finite(final double value) {
        return Double.isFinite(value) ? value : null;
    }
}
