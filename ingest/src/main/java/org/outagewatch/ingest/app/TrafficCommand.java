package org.outagewatch.ingest.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.outagewatch.ingest.asn.PrefixTable;
import org.outagewatch.ingest.asn.PrefixTableLoader;
import org.outagewatch.ingest.series.TabularPipeline;
import org.outagewatch.ingest.traffic.TrafficCounterParser;
import org.outagewatch.schemas.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ingest traffic FILE...}: traffic counters per ASN or prefix (CSV with a header, or JSON lines; see
 * {@link TrafficCounterParser}) to traffic-samples keyed {@code AS<asn>}; {@code --prefix-table} maps prefix keys.
 */
@Command(name = "traffic", mixinStandardHelpOptions = true,
        description = "Publish traffic counters (timestamp,key,bytes,packets[,flows][,requests]) from CSV or JSON lines.")
public final class TrafficCommand implements Callable<Integer> {
    public static final String STAGE = "ingest.traffic";

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Mixin
    private FileIngestOptions options;

    @Option(names = "--prefix-table", paramLabel = "FILE", description = "Prefix-to-ASN table for prefix keys (pyasn .dat or ip2asn TSV; repeatable).")
    private List<Path> tableFiles = List.of();

    @Option(names = "--interval", paramLabel = "DURATION", converter = SeriesDurationConverter.class, defaultValue = "5m",
            description = "Interval of rows without an 'interval' column (default ${DEFAULT-VALUE}).")
    private Duration interval;

    @Override
    public Integer call() throws InterruptedException {
        final Settings settings;
        final List<Path> files;
        try {
            settings = kafka.settings(Map.of(), Map.of());
            files = options.files();
            FileIngestCommands.checkFiles(tableFiles);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final PrefixTable table = PrefixTableLoader.load(tableFiles.toArray(Path[]::new)).table();
        final TabularPipeline pipeline = new TabularPipeline(new TrafficCounterParser(table, interval)::parse);
        try (FileIngestRunner runner = new FileIngestRunner(settings, STAGE, options.publish())) {
            for (final Path file : files) {
                pipeline.read(file, runner);
            }
            return runner.finish(spec.commandLine().getOut(), spec.commandLine().getErr(), spec.qualifiedName());
        }
    }
}
