package org.outagewatch.deploy.backtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.backtest.BacktestEngine;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.detector.backtest.BacktestRun;
import org.outagewatch.detector.backtest.BacktestScorer;
import org.outagewatch.detector.backtest.Labels;
import org.outagewatch.detector.backtest.SeriesCsvReader;
import org.outagewatch.schemas.AsnInfo;

/**
 * The quality report: every {@link Scenarios synthetic scenario} with its ground truth, then NAB's
 * {@code realKnownCause} files with their labels (when a NAB directory is given and present), then the real Kenya
 * connection events with the 7 June 2016 blackout ({@link KenyaBlackout}, when its file is given and present), one
 * row each. The detector runs with its default settings.
 */
public final class QualityReport {
    private QualityReport() {
    }

    /** Runs everything but the Kenya row and returns the table. */
    public static String run(final DetectorSettings settings, final BacktestScorer scorer, final Path nabDir) {
        return run(settings, scorer, nabDir, null);
    }

    /** Runs everything and returns the table; {@code kenyaEvents} is {@link KenyaBlackout#EVENTS} (or null). */
    public static String run(final DetectorSettings settings, final BacktestScorer scorer, final Path nabDir,
                             final Path kenyaEvents) {
        return run(settings, scorer, nabDir, kenyaEvents, List.of());
    }

    /**
     * Runs everything and returns the table; with ASN metadata ({@link KenyaBlackout#ASN_METADATA}) the Kenya file
     * also gives the country row ({@link KenyaBlackout#COUNTRY_NAME}).
     */
    public static String run(final DetectorSettings settings, final BacktestScorer scorer, final Path nabDir,
                             final Path kenyaEvents, final List<AsnInfo> asns) {
        final ScoreTable table = new ScoreTable();
        final StringBuilder legend = new StringBuilder();
        for (final Scenario scenario : Scenarios.all()) {
            final BacktestRun run = BacktestEngine.run(settings, scenario.events());
            addWithSignals(table, scenario.name(), run, scenario.labels(), scorer);
            legend.append(String.format("  %-20s %s%n", scenario.name(), scenario.description()));
        }
        for (final SeriesScenario scenario : SeriesScenarios.all()) {
            final BacktestRun run = BacktestEngine.run(settings, scenario.events());
            addWithSignals(table, scenario.name(), run, scenario.labels(), scorer);
            legend.append(String.format("  %-20s %s%n", scenario.name(), scenario.description()));
        }
        if (nabDir != null && Files.isDirectory(nabDir.resolve("data/realKnownCause"))) {
            final List<BacktestRecord> points = new ArrayList<>();
            try (Stream<Path> files = Files.list(nabDir.resolve("data/realKnownCause"))) {
                files.filter(f -> f.toString().endsWith(".csv")).sorted()
                        .forEach(f -> SeriesCsvReader.read(f).forEach(p -> points.add(new BacktestRecord.Point(p))));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + nabDir, e);
            }
            final BacktestRun run = BacktestEngine.run(settings, BacktestEngine.inEventTimeOrder(points));
            final Labels labels = Labels.read(nabDir.resolve("labels/combined_windows.json"))
                    .restrictedTo(new HashSet<>(run.entities()));
            table.add("nab-realKnownCause", scorer.score(run, labels));
            legend.append(String.format("  %-20s %s%n", "nab-realKnownCause", "NAB realKnownCause, 7 files, their windows"));
        }
        if (kenyaEvents != null && Files.isRegularFile(kenyaEvents)) {
            final BacktestRun run = KenyaBlackout.run(settings, kenyaEvents, asns);
            table.add(KenyaBlackout.NAME, scorer.score(KenyaBlackout.networks(run), KenyaBlackout.labels()));
            legend.append(String.format("  %-20s %s%n", KenyaBlackout.NAME, KenyaBlackout.DESCRIPTION));
            if (!asns.isEmpty()) {
                table.add(KenyaBlackout.COUNTRY_NAME, scorer.score(KenyaBlackout.country(run), KenyaBlackout.countryLabels()));
                legend.append(String.format("  %-20s %s%n", KenyaBlackout.COUNTRY_NAME, KenyaBlackout.COUNTRY_DESCRIPTION));
            }
        }
        return table + "scenarios (" + Scenarios.ASNS + " ASNs, " + Scenarios.DAYS + " days each; the series scenarios "
                + SeriesScenarios.DAYS + " days of 5-minute points; indented rows score one signal's alerts alone):\n" + legend;
    }

    /**
     * A run's row, then, when its alerts come from more than one signal, one row per signal scoring that signal's
     * alerts alone against all the labels: which kind of series carries the detection (its recall) and which raises
     * the false alerts.
     */
    static void addWithSignals(final ScoreTable table, final String name, final BacktestRun run, final Labels labels,
                               final BacktestScorer scorer) {
        table.add(name, scorer.score(run, labels));
        final Set<String> signals = new TreeSet<>();
        run.alerts().forEach(a -> signals.add(a.signal()));
        if (signals.size() < 2) {
            return;
        }
        for (final String signal : signals) {
            final BacktestRun alone = new BacktestRun(run.alerts().stream().filter(a -> a.signal().equals(signal)).toList(),
                    run.entities(), run.first(), run.last(), run.records());
            table.add("  " + signal, scorer.score(alone, labels));
        }
    }
}
