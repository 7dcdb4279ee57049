package org.outagewatch.deploy.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.outagewatch.schemas.AlertSeverity;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.FailureMode;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentKind;
import org.outagewatch.schemas.IncidentStatus;
import org.outagewatch.schemas.OutageAlert;

/** Alerts and incidents for the console tests, over a fixed {@link #T0}. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2024-03-05T14:00:00Z");
    static final String BLOCKING_EXPLANATION = "twitter.com fails from 3 of 4 measured networks in PK at the DNS step while"
            + " connectivity is normal and controls reach it: blocking, not an outage.";

    private Fixtures() {
    }

    static Instant at(final long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    static OutageAlert alert(final String entity, final String signal, final AlertStatus status, final AlertSeverity severity,
                             final long minute) {
        final OutageAlert.Builder b = OutageAlert.newBuilder()
                .setAlertId(entity + "|" + signal + "@" + at(0))
                .setEntity(entity).setSignal(signal).setStatus(status).setSeverity(severity)
                .setStartedAt(at(0)).setWindowStart(at(minute)).setWindowEnd(at(minute + 5))
                .setExpected(0.97).setObserved(0.03).setScore(0.03 / 0.97).setCoverage(120);
        if (status == AlertStatus.RESOLVED) {
            b.setEndedAt(at(minute)).setDurationMinutes((double) minute).setAlertArea(97.0 * minute);
        }
        return b.build();
    }

    static Incident blocking(final IncidentStatus status, final int severity) {
        final Incident.Builder b = Incident.newBuilder()
                .setIncidentId("PK/twitter.com@" + at(0))
                .setKind(IncidentKind.SERVICE_BLOCKING).setStatus(status).setSeverity(severity)
                .setAsns(List.of(17557L, 45595L, 59257L)).setCountries(List.of("PK")).setServices(List.of("twitter.com"))
                .setFailureMode(FailureMode.DNS).setStartedAt(at(0))
                .setAlertIds(List.of("AS17557/twitter.com|service.accessible@" + at(0)))
                .setEvidence(Map.of("measuredAsns", "4", "failingAsns", "3"))
                .setExplanation(BLOCKING_EXPLANATION);
        if (status == IncidentStatus.RESOLVED) {
            b.setEndedAt(at(95));
        }
        return b.build();
    }

    static Incident networkOutage(final long asn, final String country, final IncidentStatus status, final int severity) {
        final Incident.Builder b = Incident.newBuilder()
                .setIncidentId("AS" + asn + "@" + at(0))
                .setKind(IncidentKind.NETWORK_OUTAGE).setStatus(status).setSeverity(severity)
                .setAsns(List.of(asn)).setCountries(List.of(country)).setStartedAt(at(0))
                .setExplanation("AS" + asn + " lost routing visibility and reachability at once.");
        if (status == IncidentStatus.RESOLVED) {
            b.setEndedAt(at(40));
        }
        return b.build();
    }
}
