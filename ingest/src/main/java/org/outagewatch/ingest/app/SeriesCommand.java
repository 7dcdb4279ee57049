package org.outagewatch.ingest.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.outagewatch.ingest.series.SeriesParser;
import org.outagewatch.ingest.series.TabularPipeline;
import org.outagewatch.schemas.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ingest series FILE...}: external time series (CSV {@code timestamp,entity,signal,value} or JSON lines with
 * those fields; NAB {@code timestamp,value} with {@code --entity}/{@code --signal}) to signal-points keyed
 * {@code <entity>|<signal>} (see {@link SeriesParser}).
 */
@Command(name = "series", mixinStandardHelpOptions = true,
        description = "Publish external time series (timestamp,entity,signal,value) as signal points.")
public final class SeriesCommand implements Callable<Integer> {
    public static final String STAGE = "ingest.series";

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Mixin
    private FileIngestOptions options;

    @Option(names = "--window", paramLabel = "DURATION", converter = SeriesDurationConverter.class, defaultValue = "5m",
            description = "Window of each point: [timestamp, timestamp + window) (default ${DEFAULT-VALUE}).")
    private Duration window;

    @Option(names = "--coverage", paramLabel = "N", defaultValue = "1",
            description = "Coverage of rows without a 'coverage' field (default ${DEFAULT-VALUE}).")
    private long coverage;

    @Option(names = "--entity", paramLabel = "ENTITY", description = "Entity of rows without one (NAB files).")
    private String entity;

    @Option(names = "--signal", paramLabel = "SIGNAL", description = "Signal of rows without one (NAB files).")
    private String signal;

    @Override
    public Integer call() throws InterruptedException {
        final Settings settings;
        final List<Path> files;
        final SeriesParser parser;
        try {
            settings = kafka.settings(Map.of(), Map.of());
            files = options.files();
            parser = new SeriesParser(window, coverage, entity, signal);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final TabularPipeline pipeline = new TabularPipeline(parser::parse);
        try (FileIngestRunner runner = new FileIngestRunner(settings, STAGE, options.publish())) {
            for (final Path file : files) {
                pipeline.read(file, runner);
            }
            return runner.finish(spec.commandLine().getOut(), spec.commandLine().getErr(), spec.qualifiedName());
        }
    }
}
