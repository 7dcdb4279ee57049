package org.outagewatch.deploy.backtest;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
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
import org.outagewatch.schemas.Incident;
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
 * {@code --incidents-out} also runs stage 3 and writes its incident records; {@code --incident-report} runs every
 * {@link IncidentScenarios incident scenario} and prints the classification table ({@link IncidentReport}).
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
            + "no-outage, full, partial-50, short-20m, daily-repeat, level-shift, sparse-5, holiday-dip, gradual-recovery; "
            + "or an incident scenario (for --incidents-out): pk-2020, national-shutdown, single-asn, regional-power-cut, "
            + "platform-only, quiet-week.")
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

    @Option(names = "--incidents-out", paramLabel = "FILE", description = "Write the incident records (stage 3) as JSON "
            + "lines; ASN countries come from the scenario (files carry none).")
    private Path incidentsOut;

    @Option(names = "--incident-report", description = "Run every incident scenario; print the classification table.")
    private boolean incidentReport;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final BacktestScorer scorer = new BacktestScorer(tolerance);
        if (qualityReport) {
            out.print(QualityReport.run(DetectorSettings.defaults(), scorer, nabDir));
            out.flush();
            return 0;
        }
        if (incidentReport) {
            out.print(IncidentReport.run(DetectorSettings.defaults()));
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
        final IncidentScenario incidentScenario = scenario == null ? null : IncidentScenarios.find(scenario);
        if (incidentScenario != null) {
            final List<BacktestRecord> scenarioEvents = incidentScenario.events().get();
            if (eventsOut != null) {
                EventsFile.write(scenarioEvents, eventsOut);
            }
            input.addAll(scenarioEvents);
        } else if (scenario != null) {
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
        if (incidentsOut != null) {
            final List<Incident> incidents = IncidentRunner.run(DetectorSettings.defaults(),
                    incidentScenario == null ? List.of() : incidentScenario.asns(), BacktestEngine.inEventTimeOrder(input));
            writeIncidents(incidents, incidentsOut);
            out.printf("%d incident records%n", incidents.size());
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

    private static void writeIncidents(final List<Incident> incidents, final Path file) {
        final List<String> lines = incidents.stream().map(Incident::toString).toList();
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
