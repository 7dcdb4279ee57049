package org.outagewatch.detector.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scores the alerts of a {@link BacktestRun} against {@link Labels}, at the level of events.
 *
 * <p><b>Matching rule.</b> An alert matches a labelled window when both name the same entity (any signal) and
 * the alert's span {@code [start, end]} (end = the end of the input while it is still open) overlaps the label's
 * {@code [start, end + tolerance]}; the tolerance (default {@link #DEFAULT_TOLERANCE}) admits an alert that
 * trails a recovery. An alert is true when it matches at least one label, false otherwise; a label is detected
 * when at least one alert matches it. So two signals alerting on one outage are two true alerts and one
 * detected label, and one long alert spanning two labels detects both.
 *
 * <p><b>Time to detect</b> of a detected label: the earliest end of the window that opened a matching alert
 * (when the OPEN event was emitted, in event time) minus the label's start, at least zero (an alert already
 * open at onset detects it at once).
 *
 * <p><b>False alerts per entity-week</b>: false alerts / (entities x weeks), where the entities are those of
 * the labels and the input together and the weeks span the input's event times.
 */
public final class BacktestScorer {
    public static final Duration DEFAULT_TOLERANCE = Duration.ofHours(1);
    private static final double WEEK_MILLIS = Duration.ofDays(7).toMillis();

    private final Duration tolerance;

    public BacktestScorer(final Duration tolerance) {
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("Tolerance must not be negative: " + tolerance);
        }
        this.tolerance = tolerance;
    }

    public BacktestScorer() {
        this(DEFAULT_TOLERANCE);
    }

    public BacktestScore score(final BacktestRun run, final Labels labels) {
        final Instant inputEnd = run.last() == null ? Instant.EPOCH : run.last();
        int trueAlerts = 0;
        for (final AlertSpan alert : run.alerts()) {
            if (labels.of(alert.entity()).stream().anyMatch(l -> matches(alert, l, inputEnd))) {
                trueAlerts++;
            }
        }
        final List<Double> delays = new ArrayList<>();
        int detected = 0;
        for (final LabelWindow label : labels.windows()) {
            final long delay = run.alerts().stream().filter(a -> a.entity().equals(label.entity()))
                    .filter(a -> matches(a, label, inputEnd))
                    .mapToLong(a -> Math.max(0L, a.openedAt().toEpochMilli() - label.start().toEpochMilli()))
                    .min().orElse(-1L);
            if (delay >= 0) {
                detected++;
                delays.add(delay / 60_000.0);
            }
        }
        final int alerts = run.alerts().size();
        final int falseAlerts = alerts - trueAlerts;
        final double precision = alerts == 0 ? Double.NaN : trueAlerts / (double) alerts;
        final double recall = labels.windows().isEmpty() ? Double.NaN : detected / (double) labels.windows().size();
        final double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : Double.NaN;
        final Set<String> entities = new HashSet<>(run.entities());
        entities.addAll(labels.entities());
        final double weeks = run.first() == null ? 0 : (inputEnd.toEpochMilli() - run.first().toEpochMilli()) / WEEK_MILLIS;
        final double entityWeeks = entities.size() * weeks;
        Collections.sort(delays);
        return new BacktestScore(labels.windows().size(), detected, alerts, trueAlerts, falseAlerts, precision, recall,
                f1, entityWeeks, entityWeeks > 0 ? falseAlerts / entityWeeks : Double.NaN,
                percentile(delays, 0.50), percentile(delays, 0.95));
    }

    private boolean matches(final AlertSpan alert, final LabelWindow label, final Instant inputEnd) {
        final Instant alertEnd = alert.endOr(inputEnd);
        return !alert.start().isAfter(label.end().plus(tolerance)) && !alertEnd.isBefore(label.start());
    }

    /** Nearest-rank percentile of sorted values; NaN when there are none. */
    static double percentile(final List<Double> sorted, final double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        final int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
