package org.outagewatch.deploy.study;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.outagewatch.deploy.backtest.EventsInput;
import org.outagewatch.deploy.backtest.RawEventReader;
import org.outagewatch.deploy.backtest.RawEvents;
import org.outagewatch.deploy.backtest.RawFormat;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.backtest.AlertJson;
import org.outagewatch.detector.backtest.BacktestEngine;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.ingest.app.SeriesDurationConverter;
import org.outagewatch.ingest.asn.AsnMetadataFiles;
import org.outagewatch.ingest.asn.PrefixTableLoader;
import org.outagewatch.ingest.atlas.ProbeDirectory;
import org.outagewatch.ingest.ooni.OoniFingerprints;
import org.outagewatch.ingest.publish.EventTimeProgress;
import org.outagewatch.ingest.traffic.FlowAggregator;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code outagewatch study --from T --to T [--asn-metadata F] [--out DIR] [FORMAT:]FILE...}: one command from
 * archived files to a report. The files (RIPE Atlas results and connection events, OONI measurements, traffic
 * counters, flows, our dump; each in the format of its prefix, as {@code ingest replay} and {@code backtest --events}
 * take them) are read through the ingest parsers, restricted to [from, to) in event time, and run through a fresh
 * detector offline ({@link Study}: the backtest's engines, the whole topology in one task), with progress on stderr.
 * The folder gets {@code alerts.jsonl} (as {@code backtest --alerts-out}), {@code incidents.jsonl} (as
 * {@code backtest --incidents-out}) and {@code report.md} with its SVG charts ({@link StudyReport}).
 */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = "Run archived files through a fresh detector and write alerts, incidents and a report with charts.")
public final class StudyCommand implements Callable<Integer> {
    public static final String ALERTS = "alerts.jsonl";
    public static final String INCIDENTS = "incidents.jsonl";

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "[FORMAT:]FILE", arity = "1..*", description = "Event files, each optionally prefixed by "
            + "its format (atlas:, ooni:, traffic:, flows:, dump:); plain, gzip or bzip2.")
    private List<String> files = new ArrayList<>();

    @Option(names = "--from", paramLabel = "T", converter = TimeConverter.class, description = "Start of the study "
            + "in event time, inclusive: 2016-06-01 (UTC midnight) or 2016-06-07T08:00Z (default: the first event).")
    private Instant from;

    @Option(names = "--to", paramLabel = "T", converter = TimeConverter.class, description = "End of the study, "
            + "exclusive (default: after the last event).")
    private Instant to;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "study",
            description = "Folder for alerts.jsonl, incidents.jsonl, report.md and the charts (default ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto", converter = RawFormat.Converter.class,
            description = "Format of files without a prefix: auto|dump|atlas|ooni|traffic|flows (default ${DEFAULT-VALUE}).")
    private RawFormat format;

    @Option(names = "--asn-metadata", paramLabel = "FILE", description = "Country and name per ASN (pyasn AS names "
            + "JSON or ip2asn TSV, gzip allowed; repeatable): country points, alerts and incidents.")
    private List<Path> asnMetadataFiles = new ArrayList<>();

    @Option(names = "--probes", paramLabel = "FILE", description = "RIPE Atlas probe metadata (repeatable).")
    private List<Path> probeFiles = new ArrayList<>();

    @Option(names = "--prefix-table", paramLabel = "FILE", description = "Prefix-to-ASN table for Atlas targets, "
            + "traffic prefixes and flows (pyasn .dat or ip2asn TSV; repeatable).")
    private List<Path> tableFiles = new ArrayList<>();

    @Option(names = "--fingerprints", paramLabel = "FILE", description = "OONI fingerprints (repeatable).")
    private List<Path> fingerprintFiles = new ArrayList<>();

    @Option(names = "--interval", paramLabel = "DURATION", converter = SeriesDurationConverter.class, defaultValue = "5m",
            description = "Traffic interval of rows without one; flow aggregation interval (default ${DEFAULT-VALUE}).")
    private Duration interval;

    @Option(names = "--config", paramLabel = "FILE", description = "Detector settings (outagewatch.detector.*) from a "
            + "properties file; OUTAGEWATCH_DETECTOR_* environment variables override it.")
    private Path config;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Progress on stderr: a bar on a terminal, a line every five seconds otherwise (default on).")
    private boolean progress;

    /** {@code 2016-06-01} (midnight UTC) or an ISO-8601 instant, seconds optional ({@code 2016-06-07T08:00Z}). */
    static final class TimeConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(final String value) {
            try {
                if (value.length() == 10) {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                return OffsetDateTime.parse(value.length() == 17 && value.endsWith("Z")
                        ? value.substring(0, 16) + ":00Z" : value).toInstant();
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a date (2016-06-01) or a UTC time "
                        + "(2016-06-07T08:00Z)");
            }
        }
    }

    @Override
    public Integer call() throws IOException {
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (from != null && to != null && !to.isAfter(from)) {
            throw new ParameterException(spec.commandLine(), "--to " + to + " must be after --from " + from);
        }
        final List<EventsInput> inputs = files.stream().map(text -> EventsInput.parse(text, format)).toList();
        for (final Path file : concat(asnMetadataFiles, probeFiles, tableFiles, fingerprintFiles)) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("No such file: " + file);
            }
        }
        final DetectorSettings detector = detectorSettings();
        final List<AsnInfo> asns = new ArrayList<>();
        if (!asnMetadataFiles.isEmpty()) {
            final AsnMetadataFiles.Loaded loaded = AsnMetadataFiles.load(asnMetadataFiles);
            asns.addAll(loaded.infos());
        }
        final RawEventReader reader = new RawEventReader(ProbeDirectory.load(probeFiles.toArray(Path[]::new)),
                PrefixTableLoader.load(tableFiles.toArray(Path[]::new)).table(),
                OoniFingerprints.load(fingerprintFiles.toArray(Path[]::new)), interval, FlowAggregator.Side.BOTH);
        final List<StudyReport.InputFile> listed = new ArrayList<>();
        long before = 0;
        for (final EventsInput input : inputs) {
            reader.read(input.file(), input.format());
            final long now = reader.result().records().size();
            listed.add(new StudyReport.InputFile(input.format().optionValue(), input.file().toString(), now - before));
            before = now;
        }
        final RawEvents read = reader.result();
        final String rejected = read.rejected() == 0 ? "" : String.format(Locale.ROOT,
                "%,d input records rejected; first: %s", read.rejected(), read.firstReasons().get(0));
        final List<BacktestRecord> inSpan = BacktestEngine.inEventTimeOrder(read.records().stream()
                .filter(r -> (from == null || !r.eventTime().isBefore(from)) && (to == null || r.eventTime().isBefore(to)))
                .toList());
        if (inSpan.isEmpty()) {
            throw new IllegalArgumentException(read.records().isEmpty()
                    ? "The files hold no events the detector reads" + (rejected.isEmpty() ? "" : " (" + rejected + ")")
                    : "No event of the files falls in [" + (from == null ? "-" : from) + ", " + (to == null ? "-" : to)
                    + "): they span " + span(read.records()));
        }
        if (!rejected.isEmpty()) {
            err.println("study: " + rejected);
        }
        createFolder(out);
        final Study.Result result = Study.run(detector, asns, inSpan,
                label -> EventTimeProgress.onStderr(label, progress));
        AlertJson.write(result.alerts(), out.resolve(ALERTS));
        writeLines(result.incidentRecords().stream().map(Incident::toString).toList(), out.resolve(INCIDENTS));
        final StudyReport.Input described = new StudyReport.Input(commandLine(), listed, from, to,
                read.records().size(), read.rejected(), read.firstReasons(), inSpan.get(0).eventTime(),
                inSpan.get(inSpan.size() - 1).eventTime(), inSpan.size(), asns.size());
        final Path report = StudyReport.write(out, described, result, detector);
        stdout.printf(Locale.ROOT, "study: %,d events, %d alerts, %d incidents -> %s%n", inSpan.size(),
                result.alerts().size(), result.incidents().size(), report);
        stdout.flush();
        return 0;
    }

    /** The study's command line as given (paths as typed). */
    private String commandLine() {
        final StringBuilder line = new StringBuilder("outagewatch study");
        if (from != null) {
            line.append(" --from ").append(from.toString().replace(":00Z", "Z"));
        }
        if (to != null) {
            line.append(" --to ").append(to.toString().replace(":00Z", "Z"));
        }
        asnMetadataFiles.forEach(file -> line.append(" --asn-metadata ").append(file));
        files.forEach(file -> line.append(' ').append(file));
        return line.toString();
    }

    private static String span(final List<BacktestRecord> records) {
        Instant first = null;
        Instant last = null;
        for (final BacktestRecord record : records) {
            first = first == null || record.eventTime().isBefore(first) ? record.eventTime() : first;
            last = last == null || record.eventTime().isAfter(last) ? record.eventTime() : last;
        }
        return first + " to " + last;
    }

    private DetectorSettings detectorSettings() {
        try {
            return DetectorSettings.from(Settings.load(Map.of(), config, System.getenv(), Map.of()));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @SafeVarargs
    private static List<Path> concat(final List<Path>... lists) {
        final List<Path> all = new ArrayList<>();
        for (final List<Path> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    private static void createFolder(final Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeLines(final List<String> lines, final Path file) {
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
