package org.outagewatch.deploy.backtest;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.backtest.AlertJson;
import org.outagewatch.detector.backtest.BacktestEngine;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.detector.backtest.BacktestRun;
import org.outagewatch.detector.backtest.BacktestScore;
import org.outagewatch.detector.backtest.BacktestScorer;
import org.outagewatch.detector.backtest.Labels;
import org.outagewatch.detector.backtest.SeriesCsvReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code outagewatch backtest}: runs the detector's topology offline over files (or a built-in synthetic
 * scenario) in event time, writes its alerts as JSON lines and, given labels, prints event precision, recall,
 * F1, false alerts per entity-week and time-to-detect p50/p95 ({@link BacktestScorer} has the matching rule).
 * {@code --quality-report} runs every synthetic scenario and NAB's realKnownCause files and prints one table.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Run the detector offline over files and score its alerts against labels.")
public final class BacktestCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--series", paramLabel = "FILE", arity = "1..*",
            description = "Series CSV (timestamp,entity,signal,value; or a NAB data file timestamp,value).")
    private List<Path> series = new ArrayList<>();

    @Option(names = "--events", paramLabel = "FILE", arity = "1..*",
            description = "Raw event files: JSON lines {\"type\":\"probe\"|\"traffic\",\"value\":<Avro JSON>}.")
    private List<Path> events = new ArrayList<>();

    @Option(names = "--scenario", paramLabel = "NAME", description = "A built-in synthetic scenario (with its labels): "
            + "no-outage, full, partial-50, short-20m, daily-repeat, level-shift, sparse-5, holiday-dip, gradual-recovery.")
    private String scenario;

    @Option(names = "--labels", paramLabel = "FILE", description = "Labels: JSON object entity -> [[start, end], ...] (ISO-8601).")
    private Path labels;

    @Option(names = "--nab-labels", paramLabel = "FILE", description = "NAB's combined_windows.json (entity = the data file's name).")
    private Path nabLabels;

    @Option(names = "--alerts-out", paramLabel = "FILE", description = "Write the alerts as JSON lines.")
    private Path alertsOut;

    @Option(names = "--events-out", paramLabel = "FILE", description = "With --scenario: also write its events (for --events).")
    private Path eventsOut;

    @Option(names = "--tolerance", paramLabel = "DURATION", defaultValue = "PT1H",
            description = "An alert still matches a label this long after its end (default ${DEFAULT-VALUE}).")
    private Duration tolerance;

    @Option(names = "--quality-report", description = "Run every synthetic scenario and NAB realKnownCause; print one table.")
    private boolean qualityReport;

    @Option(names = "--nab-dir", paramLabel = "DIR", description = "NAB's root (data/, labels/) for --quality-report.")
    private Path nabDir;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final BacktestScorer scorer = new BacktestScorer(tolerance);
        if (qualityReport) {
            out.print(QualityReport.run(DetectorSettings.defaults(), scorer, nabDir));
            out.flush();
            return 0;
        }
        if (series.isEmpty() && events.isEmpty() && scenario == null) {
            throw new ParameterException(spec.commandLine(), "Give --series, --events or --scenario (or --quality-report)");
        }
        if (labels != null && nabLabels != null) {
            throw new ParameterException(spec.commandLine(), "Give --labels or --nab-labels, not both");
        }
        for (final Path file : Stream.of(series, events, labels == null ? List.<Path>of() : List.of(labels),
                nabLabels == null ? List.<Path>of() : List.of(nabLabels)).flatMap(List::stream).toList()) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("No such file: " + file);
            }
        }
        final List<BacktestRecord> input = new ArrayList<>();
        Labels truth = null;
        if (scenario != null) {
            final Scenario s = Scenarios.named(scenario);
            final List<BacktestRecord> scenarioEvents = s.eventList();
            if (eventsOut != null) {
                EventsFile.write(scenarioEvents, eventsOut);
            }
            input.addAll(scenarioEvents);
            truth = s.labels();
        }
        for (final Path file : events) {
            input.addAll(EventsFile.read(file));
        }
        for (final Path file : series) {
            SeriesCsvReader.read(file).forEach(p -> input.add(new BacktestRecord.Point(p)));
        }
        final BacktestRun run = BacktestEngine.run(DetectorSettings.defaults(), BacktestEngine.inEventTimeOrder(input));
        if (alertsOut != null) {
            AlertJson.write(run.alerts(), alertsOut);
        }
        if (labels != null) {
            truth = Labels.read(labels);
        } else if (nabLabels != null) {
            final Set<String> seen = new HashSet<>(run.entities());
            truth = Labels.read(nabLabels).restrictedTo(seen);
        }
        out.printf("%d records, %d entities, %d alerts%n", run.records(), run.entities().size(), run.alerts().size());
        if (truth != null) {
            final BacktestScore score = scorer.score(run, truth);
            out.print(new ScoreTable().add(scenario != null ? scenario : "input", score));
        }
        out.flush();
        return 0;
    }
}
