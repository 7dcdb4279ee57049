package org.outagewatch.deploy.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.outagewatch.detector.backtest.BacktestScore;

/** A plain-text table of backtest scores, one row per run, as the CLI and the quality report print it. */
public final class ScoreTable {
    static final String HEADER = String.format(Locale.ROOT, "%-28s %6s %8s %6s %6s %9s %6s %6s %8s %8s %8s",
            "run", "labels", "detected", "alerts", "false", "precision", "recall", "F1", "FA/ew", "ttd p50", "ttd p95");

    private final List<String> rows = new ArrayList<>();

    public ScoreTable add(final String run, final BacktestScore s) {
        rows.add(String.format(Locale.ROOT, "%-28s %6d %8d %6d %6d %9s %6s %6s %8s %8s %8s", run, s.labels(), s.detected(),
                s.alerts(), s.falseAlerts(), ratio(s.precision()), ratio(s.recall()), ratio(s.f1()),
                ratio(s.falseAlertsPerEntityWeek()), minutes(s.ttdP50Minutes()), minutes(s.ttdP95Minutes())));
        return this;
    }

    @Override
    public String toString() {
        final StringBuilder out = new StringBuilder(HEADER).append('\n');
        rows.forEach(r -> out.append(r).append('\n'));
        out.append("FA/ew = false alerts per entity-week; ttd = time to detect in minutes (label start to the end of the"
                + " window that opened the alert); '-' = nothing to count\n");
        return out.toString();
    }

    private static String ratio(final double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String minutes(final double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }
}
