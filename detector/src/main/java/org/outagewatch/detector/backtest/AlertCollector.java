package org.outagewatch.detector.backtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.outagewatch.schemas.AlertSeverity;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.OutageAlert;

/**
 * Folds the {@link OutageAlert} events of a backtest (OPEN, UPDATE, RESOLVED, in emission order) into one
 * {@link AlertSpan} per alert id: the OPEN event's evidence and detection time, the worst severity, and the
 * RESOLVED event's end, duration and area (absent while the alert is still open).
 */
final class AlertCollector {
    private final Map<String, AlertSpan> open = new LinkedHashMap<>();
    private final List<AlertSpan> closed = new ArrayList<>();

    void accept(final OutageAlert alert) {
        final String id = alert.getAlertId();
        if (alert.getStatus() == AlertStatus.OPEN) {
            open.put(id, new AlertSpan(id, alert.getEntity(), alert.getSignal(), alert.getStartedAt(), null,
                    alert.getWindowEnd(), alert.getSeverity(), alert.getExpected(), alert.getObserved(), alert.getScore(),
                    alert.getCoverage(), null, null));
            return;
        }
        final AlertSpan span = open.get(id);
        if (span == null) {
            throw new IllegalStateException("Alert " + id + " reported " + alert.getStatus() + " before OPEN");
        }
        final AlertSeverity worst = worse(span.severity(), alert.getSeverity());
        if (alert.getStatus() == AlertStatus.UPDATE) {
            open.put(id, new AlertSpan(id, span.entity(), span.signal(), span.start(), null, span.openedAt(), worst,
                    span.expected(), span.observed(), span.score(), span.coverage(), null, null));
            return;
        }
        open.remove(id);
        closed.add(new AlertSpan(id, span.entity(), span.signal(), span.start(), alert.getEndedAt(), span.openedAt(),
                worst, span.expected(), span.observed(), span.score(), span.coverage(), alert.getDurationMinutes(),
                alert.getAlertArea()));
    }

    /** Every alert, resolved or still open, ordered by start, entity and signal. */
    List<AlertSpan> spans() {
        final List<AlertSpan> all = new ArrayList<>(closed);
        all.addAll(open.values());
        all.sort(java.util.Comparator.comparing(AlertSpan::start).thenComparing(AlertSpan::entity)
                .thenComparing(AlertSpan::signal));
        return all;
    }

    private static AlertSeverity worse(final AlertSeverity a, final AlertSeverity b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
