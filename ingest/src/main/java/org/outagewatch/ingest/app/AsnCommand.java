package org.outagewatch.ingest.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.outagewatch.ingest.asn.AsnMetadataFiles;
import org.outagewatch.schemas.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ingest asn FILE...}: ASN metadata to the compacted asn-metadata topic (AsnInfo keyed {@code AS<asn>}):
 * pyasn's AS-names JSON ({@code asnames.json[.gz]}) or iptoasn.com's ip2asn TSV, told apart by content (a JSON
 * object or tab-separated rows). Record time = the file's modification time.
 */
@Command(name = "asn", mixinStandardHelpOptions = true,
        description = "Publish ASN names and countries (pyasn AS names JSON or ip2asn TSV) to asn-metadata.")
public final class AsnCommand implements Callable<Integer> {
    public static final String STAGE = "ingest.asn";

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Mixin
    private FileIngestOptions options;

    @Override
    public Integer call() throws Exception {
        final Settings settings;
        final List<Path> files;
        try {
            settings = kafka.settings(Map.of(), Map.of());
            files = options.files();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        try (FileIngestRunner runner = new FileIngestRunner(settings, STAGE, options.publish())) {
            for (final Path file : files) {
                AsnMetadataFiles.read(file, runner);
            }
            return runner.finish(spec.commandLine().getOut(), spec.commandLine().getErr(), spec.qualifiedName());
        }
    }
}
