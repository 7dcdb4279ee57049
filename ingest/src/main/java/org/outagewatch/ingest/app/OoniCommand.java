package org.outagewatch.ingest.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.outagewatch.ingest.ooni.OoniFingerprints;
import org.outagewatch.ingest.ooni.OoniParser;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.JsonPipeline;
import org.outagewatch.schemas.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ingest ooni FILE...}: OONI measurements (JSON documents or JSON lines, gzip allowed) to probe-results, keyed
 * {@code AS<probe_asn>/<service>} (see {@link OoniParser}); {@code --fingerprints} loads OONI's DNS and blockpage
 * fingerprints, whose matches mark confirmed blocking. Unmapped tests and bad input go to ingest-dead-letters.
 */
@Command(name = "ooni", mixinStandardHelpOptions = true,
        description = "Publish OONI measurements (web_connectivity, whatsapp, telegram, signal, tor) from files.")
public final class OoniCommand implements Callable<Integer> {
    public static final String STAGE = "ingest.ooni";

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Mixin
    private FileIngestOptions options;

    @Option(names = "--fingerprints", paramLabel = "FILE",
            description = "OONI fingerprints (fingerprints_dns.json, fingerprints_http.json; repeatable).")
    private List<Path> fingerprintFiles = List.of();

    @Override
    public Integer call() throws InterruptedException {
        final Settings settings;
        final List<Path> files;
        try {
            settings = kafka.settings(Map.of(), Map.of());
            files = options.files();
            FileIngestCommands.checkFiles(fingerprintFiles);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final OoniFingerprints fingerprints = OoniFingerprints.load(fingerprintFiles.toArray(Path[]::new));
        final JsonPipeline pipeline = new JsonPipeline(new JsonFileReader(), new OoniParser(fingerprints)::parse);
        try (FileIngestRunner runner = new FileIngestRunner(settings, STAGE, options.publish())) {
            for (final Path file : files) {
                pipeline.read(file, runner);
            }
            return runner.finish(spec.commandLine().getOut(), spec.commandLine().getErr(), spec.qualifiedName());
        }
    }
}
