package org.outagewatch.ingest.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.outagewatch.ingest.asn.PrefixTable;
import org.outagewatch.ingest.asn.PrefixTableLoader;
import org.outagewatch.ingest.atlas.AtlasParser;
import org.outagewatch.ingest.atlas.ProbeDirectory;
import org.outagewatch.ingest.ooni.OoniFingerprints;
import org.outagewatch.ingest.ooni.OoniParser;
import org.outagewatch.ingest.publish.EventTimeProgress;
import org.outagewatch.ingest.publish.Progress;
import org.outagewatch.ingest.replay.EventTimeMerger;
import org.outagewatch.ingest.replay.MrtReplayReader;
import org.outagewatch.ingest.replay.ReplayFormat;
import org.outagewatch.ingest.replay.ReplayPacer;
import org.outagewatch.ingest.replay.ReplaySource;
import org.outagewatch.ingest.series.SeriesParser;
import org.outagewatch.ingest.series.TabularPipeline;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.JsonPipeline;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.traffic.FlowAggregator;
import org.outagewatch.ingest.traffic.TrafficCounterParser;
import org.outagewatch.schemas.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ingest replay [FORMAT:]FILE...}: archived files of any file adapter (atlas, ooni, mrt, traffic, flows, series;
 * plain, gzip or bzip2) merged in event-time order ({@link EventTimeMerger}) and published through
 * {@link FileIngestRunner}, as fast as possible or at {@code --speed} simulated seconds per real second; record
 * timestamps are event times. A file's format is its {@code format:} prefix, else {@code --format}. Progress
 * ({@link EventTimeProgress}) goes to stderr: a bar on a terminal, a line every five seconds otherwise.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay archived files of the file adapters merged in event-time order.")
public final class ReplayCommand implements Callable<Integer> {
    public static final String STAGE = "ingest.replay";

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Parameters(paramLabel = "[FORMAT:]FILE", arity = "1..*",
            description = "Files to replay, each optionally prefixed by its format (atlas:, ooni:, mrt:, traffic:, flows:, "
                    + "series:); plain, gzip or bzip2.")
    private List<String> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "Format of files without a prefix: atlas, ooni, mrt, traffic, flows, series.")
    private ReplayFormat format;

    @Option(names = "--speed", paramLabel = "X", description = "Simulated seconds per real second (default: as fast as possible).")
    private Double speed;

    @Option(names = "--as-fast-as-possible", description = "No pacing (the default; not with --speed).")
    private boolean asFastAsPossible;

    @Option(names = "--collector", paramLabel = "NAME", defaultValue = BgpPublishCommand.DEFAULT_COLLECTOR,
            description = "mrt: the route collector the files come from, such as rrc00 (default ${DEFAULT-VALUE}).")
    private String collector;

    @Option(names = "--reorder-buffer", paramLabel = "N", defaultValue = "100000",
            description = "Records per file held to repair disorder within a file (default ${DEFAULT-VALUE}).")
    private int reorderBuffer;

    @Option(names = "--dry-run", description = "Parse and serialize (in-process registry) without Kafka; print the counts.")
    private boolean dryRun;

    @Option(names = "--create-topics", description = "Create the catalog's missing topics first.")
    private boolean createTopics;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Progress on stderr: a bar on a terminal, a line every five seconds otherwise (default on;"
                    + " --no-progress turns it off).")
    private boolean progress;

    @Option(names = "--prefix-table", paramLabel = "FILE", description = "Prefix-to-ASN table (atlas, traffic, flows; repeatable).")
    private List<Path> tableFiles = List.of();

    @Option(names = "--probes", paramLabel = "FILE", description = "RIPE Atlas probe metadata (atlas; repeatable).")
    private List<Path> probeFiles = List.of();

    @Option(names = "--fingerprints", paramLabel = "FILE", description = "OONI fingerprints (ooni; repeatable).")
    private List<Path> fingerprintFiles = List.of();

    @Option(names = "--interval", paramLabel = "DURATION", converter = SeriesDurationConverter.class, defaultValue = "5m",
            description = "Traffic counter / flow interval (default ${DEFAULT-VALUE}).")
    private Duration interval;

    @Option(names = "--window", paramLabel = "DURATION", converter = SeriesDurationConverter.class, defaultValue = "5m",
            description = "Series window (default ${DEFAULT-VALUE}).")
    private Duration window;

    @Option(names = "--entity", paramLabel = "ENTITY", description = "Series entity of rows without one.")
    private String entity;

    @Option(names = "--signal", paramLabel = "SIGNAL", description = "Series signal of rows without one.")
    private String signal;

    /** A format name, case-insensitive. */
    static final class FormatConverter implements ITypeConverter<ReplayFormat> {
        @Override
        public ReplayFormat convert(final String value) {
            final ReplayFormat named = ReplayFormat.named(value);
            if (named == null) {
                throw new TypeConversionException("'" + value + "' is not one of atlas, ooni, mrt, traffic, flows, series");
            }
            return named;
        }
    }

    /** One file with its format. */
    private record Input(ReplayFormat format, Path file) {
    }

    @Override
    public Integer call() throws InterruptedException {
        final Settings settings;
        final List<Input> inputs;
        final ReplayPacer pacer;
        final SeriesParser seriesParser;
        try {
            settings = kafka.settings(Map.of(), Map.of());
            inputs = inputs();
            FileIngestCommands.checkFiles(tableFiles);
            FileIngestCommands.checkFiles(probeFiles);
            FileIngestCommands.checkFiles(fingerprintFiles);
            if (asFastAsPossible && speed != null) {
                throw new IllegalArgumentException("Give --speed or --as-fast-as-possible, not both");
            }
            pacer = speed == null ? ReplayPacer.unpaced() : ReplayPacer.atSpeed(speed);
            seriesParser = new SeriesParser(window, SeriesParser.DEFAULT_COVERAGE, entity, signal);
            if (reorderBuffer < 1) {
                throw new IllegalArgumentException("--reorder-buffer must be at least 1");
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final PrefixTable table = PrefixTableLoader.load(tableFiles.toArray(Path[]::new)).table();
        final ProbeDirectory probes = ProbeDirectory.load(probeFiles.toArray(Path[]::new));
        final OoniFingerprints fingerprints = OoniFingerprints.load(fingerprintFiles.toArray(Path[]::new));
        final List<ReplaySource> sources = new ArrayList<>();
        for (final Input input : inputs) {
            sources.add(source(input, table, probes, fingerprints, seriesParser));
        }
        final String label = "ingest replay" + (dryRun ? " (dry run)" : "");
        final EventTimeProgress shown = EventTimeProgress.onStderr(label, progress);
        try (FileIngestRunner runner = new FileIngestRunner(settings, STAGE, dryRun, createTopics, Progress.silent(label))) {
            final EventTimeMerger.Stats stats;
            try {
                stats = new EventTimeMerger(reorderBuffer).merge(sources, runner, pacer, shown);
            } catch (UncheckedIOException e) {
                spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
                return CliErrors.FAILURE;
            }
            shown.finish();
            spec.commandLine().getOut().printf(Locale.ROOT, "replayed %,d events from %d files in event-time order"
                    + " (%,d late, out of order)%n", stats.events(), sources.size(), stats.late());
            return runner.finish(spec.commandLine().getOut(), spec.commandLine().getErr(), spec.qualifiedName());
        }
    }

    /** How to read one file, counting the bytes read where the reader allows it (JSON and MRT files). */
    private ReplaySource source(final Input input, final PrefixTable table, final ProbeDirectory probes,
                                final OoniFingerprints fingerprints, final SeriesParser seriesParser) {
        final Path file = input.file();
        final String name = file.toString();
        final AtomicLong read = new AtomicLong();
        final long size = size(file);
        return switch (input.format()) {
            case ATLAS -> new ReplaySource(name, sink -> new JsonPipeline(new JsonFileReader().countingBytesInto(read),
                    new AtlasParser(probes, table)::parse).read(file, sink), size, read::get);
            case OONI -> new ReplaySource(name, sink -> new JsonPipeline(new JsonFileReader().countingBytesInto(read),
                    new OoniParser(fingerprints)::parse).read(file, sink), size, read::get);
            case MRT -> new ReplaySource(name, sink -> new MrtReplayReader(collector, read).read(file, sink), size,
                    read::get);
            case TRAFFIC -> new ReplaySource(name, sink -> new TabularPipeline(new TrafficCounterParser(table, interval)::parse)
                    .read(file, sink));
            case SERIES -> new ReplaySource(name, sink -> new TabularPipeline(seriesParser::parse).read(file, sink));
            case FLOWS -> new ReplaySource(name, sink -> {
                final FlowAggregator flows = new FlowAggregator(table, interval, FlowAggregator.Side.BOTH);
                new TabularPipeline(flows::add).read(file, sink);
                for (final Keyed sample : flows.drain()) {
                    sink.accept(sample);
                }
            });
        };
    }

    private static long size(final Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private List<Input> inputs() {
        final List<Input> inputs = new ArrayList<>();
        for (final String text : files) {
            final int colon = text.indexOf(':');
            final ReplayFormat prefixed = colon > 0 ? ReplayFormat.named(text.substring(0, colon)) : null;
            final ReplayFormat chosen = prefixed != null ? prefixed : format;
            final Path file = Path.of(prefixed != null ? text.substring(colon + 1) : text);
            if (chosen == null) {
                throw new IllegalArgumentException("No format for " + text + ": prefix it (ooni:" + text
                        + ") or give --format");
            }
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("File " + file + " does not exist or is not a file");
            }
            inputs.add(new Input(chosen, file));
        }
        return inputs;
    }
}
