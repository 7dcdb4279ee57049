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
import java.util.Map;
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
import org.outagewatch.ingest.app.SeriesDurationConverter;
import org.outagewatch.ingest.asn.AsnMetadataFiles;
import org.outagewatch.ingest.asn.PrefixTableLoader;
import org.outagewatch.ingest.atlas.ProbeDirectory;
import org.outagewatch.ingest.ooni.OoniFingerprints;
import org.outagewatch.ingest.traffic.FlowAggregator;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.config.Settings;
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
 * {@code --events} reads our dump, or raw RIPE Atlas, OONI, traffic or flow files through the ingest parsers
 * ({@link RawEventReader}), each file in the format of its prefix ({@code atlas:FILE}, {@link EventsInput}) or of
 * {@code --format}; rejected input is counted on stderr with its first reasons.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Run the detector offline over files and score its alerts against labels.")
public final class BacktestCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--series", paramLabel = "FILE", arity = "1..*",
            description = "Series CSV (timestamp,entity,signal,value; or a NAB data file timestamp,value).")
    private List<Path> series = new ArrayList<>();

    @Option(names = "--events", paramLabel = "[FORMAT:]FILE", arity = "1..*",
            description = "Raw event files: our dump (JSON lines {\"type\":\"probe\"|\"traffic\",\"value\":<Avro JSON>}), "
                    + "RIPE Atlas results, OONI measurements, traffic counters or goflow2 flows; each may name its format "
                    + "with a prefix (atlas:FILE ooni:FILE), else --format applies.")
    private List<String> events = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto", converter = RawFormat.Converter.class,
            description = "Format of the --events files without a prefix: auto|dump|atlas|ooni|traffic|flows (default "
                    + "${DEFAULT-VALUE}: the dump, else an error asking for the format).")
    private RawFormat format;

    @Option(names = "--probes", paramLabel = "FILE", description = "With --format atlas: probe metadata (probe archive "
            + "JSON, gzip allowed; repeatable).")
    private List<Path> probeFiles = new ArrayList<>();

    @Option(names = "--asn-metadata", paramLabel = "FILE", description = "Country and name per ASN (pyasn AS names JSON "
            + "or ip2asn TSV, gzip allowed; repeatable): ASN points are rolled up to country points (scored, and in "
            + "--alerts-out, like any entity; labels may name countries), and incidents from raw files are fused by country.")
    private List<Path> asnMetadataFiles = new ArrayList<>();

    @Option(names = "--prefix-table", paramLabel = "FILE", description = "With --format atlas, traffic or flows: "
            + "prefix-to-ASN table (pyasn .dat or ip2asn TSV, gzip allowed; repeatable).")
    private List<Path> tableFiles = new ArrayList<>();

    @Option(names = "--fingerprints", paramLabel = "FILE", description = "With --format ooni: OONI fingerprints "
            + "(fingerprints_dns.json, fingerprints_http.json; repeatable).")
    private List<Path> fingerprintFiles = new ArrayList<>();

    @Option(names = "--interval", paramLabel = "DURATION", converter = SeriesDurationConverter.class, defaultValue = "5m",
            description = "With --format traffic: interval of rows without one; with flows: the aggregation interval "
                    + "(default ${DEFAULT-VALUE}).")
    private Duration interval;

    @Option(names = "--side", paramLabel = "SIDE", defaultValue = "BOTH",
            description = "With --format flows: count a flow for its SRC, DST or BOTH ASNs (default ${DEFAULT-VALUE}).")
    private FlowAggregator.Side side;

    @Option(names = "--scenario", paramLabel = "NAME", description = "A built-in synthetic scenario (with its labels): "
            + "no-outage, full, partial-50, partial-30, short-20m, daily-repeat, level-shift, sparse-5, holiday-dip, "
            + "gradual-recovery, stalled-feed; series scenarios stable-routing, low-count, mixed-entity; "
            + "or an incident scenario (for --incidents-out): pk-2020, national-shutdown, single-asn, regional-power-cut, "
            + "platform-only, quiet-week; or " + DemoWorldCheck.NAME + " (the demo's world, docs/QUALITY.md).")
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

    @Option(names = "--kenya-events", paramLabel = "FILE", description = "With --quality-report: the Kenya RIPE Atlas "
            + "connection events (" + KenyaBlackout.EVENTS + " in the shared data) for the " + KenyaBlackout.NAME + " row; "
            + "with --asn-metadata (" + KenyaBlackout.ASN_METADATA + ") also the country row " + KenyaBlackout.COUNTRY_NAME + ".")
    private Path kenyaEvents;

    @Option(names = "--incidents-out", paramLabel = "FILE", description = "Write the incident records (stage 3) as JSON "
            + "lines; ASN countries come from the scenario or --asn-metadata.")
    private Path incidentsOut;

    @Option(names = "--points-out", paramLabel = "FILE", description = "With --incidents-out: also write the signal "
            + "points of the run (stage 1's windows, and series points) as lines.")
    private Path pointsOut;

    @Option(names = "--incident-report", description = "Run every incident scenario; print the classification table.")
    private boolean incidentReport;

    @Option(names = "--config", paramLabel = "FILE", description = "Detector settings (outagewatch.detector.*, as for "
            + "detect) from a properties file; OUTAGEWATCH_DETECTOR_* environment variables override it. Default: the "
            + "detector's defaults.")
    private Path config;

    @Override
    public Integer call() throws IOException {
        final PrintWriter out = spec.commandLine().getOut();
        final BacktestScorer scorer = new BacktestScorer(tolerance);
        final DetectorSettings detector = detectorSettings();
        if (qualityReport) {
            out.print(QualityReport.run(detector, scorer, nabDir, kenyaEvents, asnMetadata(spec.commandLine().getErr())));
            out.flush();
            return 0;
        }
        if (incidentReport) {
            out.print(IncidentReport.run(detector));
            out.flush();
            return 0;
        }
        if (series.isEmpty() && events.isEmpty() && scenario == null) {
            throw new ParameterException(spec.commandLine(), "Give --series, --events or --scenario (or --quality-report)");
        }
        if (pointsOut != null && incidentsOut == null) {
            throw new ParameterException(spec.commandLine(), "--points-out needs --incidents-out (the whole topology runs then)");
        }
        if (labels != null && nabLabels != null) {
            throw new ParameterException(spec.commandLine(), "Give --labels or --nab-labels, not both");
        }
        final List<EventsInput> eventInputs = events.stream().map(text -> EventsInput.parse(text, format)).toList();
        for (final Path file : Stream.of(series, probeFiles, tableFiles, asnMetadataFiles, fingerprintFiles, labels == null ? List.<Path>of() : List.of(labels),
                nabLabels == null ? List.<Path>of() : List.of(nabLabels)).flatMap(List::stream).toList()) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("No such file: " + file);
            }
        }
        final List<BacktestRecord> input = new ArrayList<>();
        Labels truth = null;
        final IncidentScenario incidentScenario = scenario == null ? null
                : DemoWorldCheck.NAME.equals(scenario) ? DemoWorldCheck.scenario() : IncidentScenarios.find(scenario);
        if (incidentScenario != null) {
            final List<BacktestRecord> scenarioEvents = incidentScenario.events().get();
            if (eventsOut != null) {
                EventsFile.write(scenarioEvents, eventsOut);
            }
            input.addAll(scenarioEvents);
        } else if (scenario != null && SeriesScenarios.find(scenario) != null) {
            if (eventsOut != null) {
                throw new ParameterException(spec.commandLine(), "--events-out: " + scenario
                        + " is made of series points, not raw events");
            }
            final SeriesScenario s = SeriesScenarios.find(scenario);
            input.addAll(s.events());
            truth = s.labels();
        } else if (scenario != null) {
            final Scenario s = Scenarios.named(scenario);
            final List<BacktestRecord> scenarioEvents = s.eventList();
            if (eventsOut != null) {
                EventsFile.write(scenarioEvents, eventsOut);
            }
            input.addAll(scenarioEvents);
            truth = s.labels();
        }
        if (!events.isEmpty()) {
            input.addAll(readEvents(eventInputs, spec.commandLine().getErr()));
        }
        for (final Path file : series) {
            SeriesCsvReader.read(file).forEach(p -> input.add(new BacktestRecord.Point(p)));
        }
        // ASN countries (from the incident scenario or --asn-metadata) give country points, alerts and incidents
        final List<AsnInfo> asns = new ArrayList<>(incidentScenario == null ? List.of() : incidentScenario.asns());
        asns.addAll(asnMetadata(spec.commandLine().getErr()));
        final BacktestRun run = BacktestEngine.run(detector, asns,
                BacktestEngine.inEventTimeOrder(input));
        if (alertsOut != null) {
            AlertJson.write(run.alerts(), alertsOut);
        }
        if (incidentsOut != null) {
            final List<String> points = new ArrayList<>();
            final List<Incident> incidents = IncidentRunner.run(detector,
                    asns, BacktestEngine.inEventTimeOrder(input),
                    point -> points.add(point.toString()));
            writeLines(incidents.stream().map(Incident::toString).toList(), incidentsOut);
            if (pointsOut != null) {
                writeLines(points, pointsOut);
                out.printf("%d signal points%n", points.size());
            }
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

    /** The detector's settings: defaults, then --config, then OUTAGEWATCH_DETECTOR_* from the environment. */
    private DetectorSettings detectorSettings() {
        try {
            return DetectorSettings.from(Settings.load(Map.of(), config, System.getenv(), Map.of()));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Reads the --events files, each in its format; prints what was rejected or is no backtest input on stderr. */
    private List<BacktestRecord> readEvents(final List<EventsInput> inputs, final PrintWriter err) {
        final RawEventReader reader = new RawEventReader(ProbeDirectory.load(probeFiles.toArray(Path[]::new)),
                PrefixTableLoader.load(tableFiles.toArray(Path[]::new)).table(),
                OoniFingerprints.load(fingerprintFiles.toArray(Path[]::new)), interval, side);
        for (final EventsInput input : inputs) {
            reader.read(input.file(), input.format());
        }
        final RawEvents read = reader.result();
        if (read.rejected() > 0) {
            err.printf("backtest: %d input records rejected; first reasons:%n", read.rejected());
            read.firstReasons().forEach(reason -> err.printf("  %s%n", reason));
        }
        read.notBacktestInput().forEach((type, count) ->
                err.printf("backtest: %d %s records are not backtest input, skipped%n", count, type));
        err.flush();
        return read.records();
    }

    private static void writeLines(final List<String> lines, final Path file) {
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** The entries of the --asn-metadata files (none without them); rejected entries are counted on stderr. */
    private List<AsnInfo> asnMetadata(final PrintWriter err) throws IOException {
        if (asnMetadataFiles.isEmpty()) {
            return List.of();
        }
        final AsnMetadataFiles.Loaded loaded = AsnMetadataFiles.load(asnMetadataFiles);
        if (!loaded.rejected().isEmpty()) {
            err.printf("backtest: %d ASN metadata entries rejected; first: %s%n",
                    loaded.rejected().size(), loaded.rejected().get(0));
        }
        return loaded.infos();
    }
}
