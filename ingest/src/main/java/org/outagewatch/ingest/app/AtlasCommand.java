package org.outagewatch.ingest.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.outagewatch.ingest.asn.PrefixTable;
import org.outagewatch.ingest.asn.PrefixTableLoader;
import org.outagewatch.ingest.atlas.AtlasParser;
import org.outagewatch.ingest.atlas.ProbeDirectory;
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
 * {@code ingest atlas FILE...}: RIPE Atlas results (ping, traceroute, dns, http, sslcert, ntp) to probe-results and
 * probe connection events (msm 7000) to the atlas connections topic, keyed by ASN entity (see {@link AtlasParser});
 * bad input to ingest-dead-letters. {@code --probes} gives probe metadata (probe archive), {@code --prefix-table}
 * a pyasn or ip2asn table for the target's and probe's ASNs.
 */
@Command(name = "atlas", mixinStandardHelpOptions = true,
        description = "Publish RIPE Atlas results and probe connection events from files.")
public final class AtlasCommand implements Callable<Integer> {
    public static final String STAGE = "ingest.atlas";

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Mixin
    private FileIngestOptions options;

    @Option(names = "--probes", paramLabel = "FILE", description = "Probe metadata (probe archive JSON, gzip allowed; repeatable).")
    private List<Path> probeFiles = List.of();

    @Option(names = "--prefix-table", paramLabel = "FILE", description = "Prefix-to-ASN table (pyasn .dat or ip2asn TSV, gzip allowed; repeatable).")
    private List<Path> tableFiles = List.of();

    @Override
    public Integer call() throws InterruptedException {
        final Settings settings;
        final List<Path> files;
        try {
            settings = kafka.settings(Map.of(), Map.of());
            files = options.files();
            FileIngestCommands.checkFiles(probeFiles);
            FileIngestCommands.checkFiles(tableFiles);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final ProbeDirectory probes = ProbeDirectory.load(probeFiles.toArray(Path[]::new));
        final PrefixTable table = PrefixTableLoader.load(tableFiles.toArray(Path[]::new)).table();
        final JsonPipeline pipeline = new JsonPipeline(new JsonFileReader(), new AtlasParser(probes, table)::parse);
        try (FileIngestRunner runner = new FileIngestRunner(settings, STAGE, options.dryRun(), options.createTopics,
                options.progress)) {
            for (final Path file : files) {
                pipeline.read(file, runner);
            }
            return runner.finish(spec.commandLine().getOut(), spec.commandLine().getErr(), spec.qualifiedName());
        }
    }
}
