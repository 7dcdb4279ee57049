package org.outagewatch.ingest.app;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.outagewatch.ingest.bgp.RisLiveParser;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.JsonPipeline;
import org.outagewatch.schemas.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ingest bgp ris-live FILE...}: RIS Live messages (JSON lines as the WebSocket sends them, plain or gzip) to
 * routing-updates as RouteUpdates ({@link RisLiveParser}); rejected messages, {@code ris_error}s and unreadable lines
 * go to ingest-dead-letters with the reason and origin {@code file:line}. {@code --dry-run} serializes against an
 * in-process registry without Kafka and prints the counts.
 */
@Command(name = "ris-live", mixinStandardHelpOptions = true,
        description = "Publish RIS Live messages (JSON lines files) as RouteUpdates to routing-updates.")
public final class RisLiveCommand implements Callable<Integer> {
    public static final String STAGE = "ingest.ris-live";

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "RIS Live messages, one JSON message per line.")
    private List<Path> files = new ArrayList<>();

    @Option(names = "--dry-run", description = "Parse and serialize (in-process registry) without Kafka; print the counts.")
    private boolean dryRun;

    @Option(names = "--create-topics", description = "Create the catalog's missing topics first.")
    private boolean createTopics;

    @Option(names = "--progress", description = "Show progress on stderr even when it is not a terminal.")
    private boolean progress;

    @Override
    public Integer call() throws Exception {
        if (files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "Give RIS Live files");
        }
        for (final Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "no such file");
            }
        }
        final Settings settings;
        try {
            settings = kafka.settings(Map.of(), Map.of());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final RisLiveParser parser = new RisLiveParser();
        try (RisLivePublisher publisher = new RisLivePublisher(settings, STAGE, dryRun, createTopics, progress)) {
            final JsonPipeline pipeline = new JsonPipeline(new JsonFileReader(), parser);
            for (final Path file : files) {
                pipeline.read(file, publisher);
            }
            return publisher.finish(spec.commandLine().getOut(), spec.commandLine().getErr(), spec.qualifiedName(),
                    parser.ignored());
        }
    }
}
