package org.outagewatch.ingest.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.outagewatch.ingest.asn.AsnNamesParser;
import org.outagewatch.ingest.asn.Ip2AsnMetadataReader;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.SourceItem;
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
        final JsonFileReader reader = new JsonFileReader(Integer.MAX_VALUE - 16);
        try (FileIngestRunner runner = new FileIngestRunner(settings, STAGE, options.dryRun(), options.createTopics,
                options.progress)) {
            for (final Path file : files) {
                final Instant asOf = Files.getLastModifiedTime(file).toInstant();
                if (reader.layout(file) == JsonFileReader.Layout.DOCUMENT
                        || reader.layout(file) == JsonFileReader.Layout.LINES && firstIsObject(reader, file)) {
                    reader.read(file, item -> {
                        if (item instanceof SourceItem.Value value) {
                            final JsonNode node = value.node();
                            final AsnNamesParser.Result result = AsnNamesParser.parse(node, asOf);
                            for (final Keyed record : result.records()) {
                                runner.accept(record);
                            }
                            for (final String reason : result.rejected()) {
                                runner.reject(item.origin(), reason, null, new byte[0]);
                            }
                        } else {
                            final SourceItem.Bad bad = (SourceItem.Bad) item;
                            runner.reject(bad.origin(), bad.reason(), bad.error(), bad.payload());
                        }
                    });
                } else {
                    Ip2AsnMetadataReader.read(file, asOf, runner);
                }
            }
            return runner.finish(spec.commandLine().getOut(), spec.commandLine().getErr(), spec.qualifiedName());
        }
    }

    private static boolean firstIsObject(final JsonFileReader reader, final Path file) {
        final boolean[] object = new boolean[1];
        final boolean[] seen = new boolean[1];
        reader.read(file, item -> {
            if (!seen[0]) {
                seen[0] = true;
                object[0] = item instanceof SourceItem.Value value && value.node().isObject();
            }
        });
        return object[0];
    }
}
