package org.outagewatch.ingest.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.outagewatch.ingest.asn.PrefixTable;
import org.outagewatch.ingest.asn.PrefixTableLoader;
import org.outagewatch.ingest.series.TabularPipeline;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.traffic.FlowAggregator;
import org.outagewatch.schemas.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ingest flows FILE...}: goflow2 JSON flow records aggregated per ASN per interval (see {@link FlowAggregator})
 * to traffic-samples keyed {@code AS<asn>}, published after every file is read; flows with no ASN and bad records go
 * to ingest-dead-letters.
 */
@Command(name = "flows", mixinStandardHelpOptions = true,
        description = "Aggregate goflow2 JSON flow records per ASN per interval and publish traffic samples.")
public final class FlowsCommand implements Callable<Integer> {
    public static final String STAGE = "ingest.flows";

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Mixin
    private FileIngestOptions options;

    @Option(names = "--prefix-table", paramLabel = "FILE", description = "Prefix-to-ASN table for addresses without an AS (repeatable).")
    private List<Path> tableFiles = List.of();

    @Option(names = "--interval", paramLabel = "DURATION", converter = SeriesDurationConverter.class, defaultValue = "5m",
            description = "Aggregation interval (default ${DEFAULT-VALUE}).")
    private Duration interval;

    @Option(names = "--side", paramLabel = "SIDE", defaultValue = "BOTH",
            description = "Count a flow for its SRC, DST or BOTH ASNs (default ${DEFAULT-VALUE}).")
    private FlowAggregator.Side side;

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
        final FlowAggregator aggregator = new FlowAggregator(table, interval, side);
        final TabularPipeline pipeline = new TabularPipeline(aggregator::add);
        try (FileIngestRunner runner = new FileIngestRunner(settings, STAGE, options.publish())) {
            for (final Path file : files) {
                pipeline.read(file, runner);
            }
            for (final Keyed sample : aggregator.drain()) {
                runner.accept(sample);
            }
            spec.commandLine().getOut().printf("flows aggregated       %,12d%n", aggregator.flowsAdded());
            return runner.finish(spec.commandLine().getOut(), spec.commandLine().getErr(), spec.qualifiedName());
        }
    }
}
