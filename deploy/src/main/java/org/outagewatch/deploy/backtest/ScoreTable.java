package org.outagewatch.deploy.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.outagewatch.detector.backtest.BacktestScore;

/**
 * A plain-text table of backtest scores, one row per run, as the CLI and the quality report print it. The run column
 * is {@value #RUN_WIDTH} wide, or as wide as its longest name (the quality report's per-signal rows) when that is
 * longer.
 */
public final class ScoreTable {
    static final int RUN_WIDTH = 22;
    private static final String COLUMNS = " %6s %8s %6s %6s %9s %6s %6s %8s %8s %8s";

    private final List<String> runs = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();

    public ScoreTable add(final String run, final BacktestScore s) {
        runs.add(run);
        rows.add(String.format(Locale.ROOT, COLUMNS, s.labels(), s.detected(),
                s.alerts(), s.falseAlerts(), ratio(s.precision()), ratio(s.recall()), ratio(s.f1()),
                ratio(s.falseAlertsPerEntityWeek()), minutes(s.ttdP50Minutes()), minutes(s.ttdP95Minutes())));
        return this;
    }

    @Override
    public String toString() {
        final int width = Math.max(RUN_WIDTH, runs.stream().mapToInt(String::length).max().orElse(0));
        final String run = "%-" + width + "s";
        final StringBuilder out = new StringBuilder(String.format(Locale.ROOT, run + COLUMNS,
                "run", "labels", "detected", "alerts", "false", "precision", "recall", "F1", "FA/ew", "ttd p50", "ttd p95"))
                .append('\n');
        for (int i = 0; i < rows.size(); i++) {
            out.append(String.format(Locale.ROOT, run, runs.get(i))).append(rows.get(i)).append('\n');
        }
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
