package org.outagewatch.ingest.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.outagewatch.ingest.asn.PrefixTable;
import org.outagewatch.ingest.asn.PrefixTableLoader;
import org.outagewatch.ingest.traffic.FlowAggregator;
import org.outagewatch.ingest.traffic.FlowsTopicReader;
import org.outagewatch.schemas.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ingest flows-kafka}: goflow2 JSON flow messages from a Kafka topic, aggregated per ASN per interval
 * ({@link FlowAggregator}, closed intervals published as the stream advances, see {@link FlowsTopicReader}) to
 * traffic-samples; bad messages to ingest-dead-letters with origin {@code topic/partition@offset}.
 */
@Command(name = "flows-kafka", mixinStandardHelpOptions = true,
        description = "Aggregate goflow2 JSON flow messages from a Kafka topic per ASN per interval and publish traffic samples.")
public final class FlowsKafkaCommand implements Callable<Integer> {
    public static final String STAGE = "ingest.flows";
    /** goflow2's default Kafka topic. */
    public static final String DEFAULT_TOPIC = "flow-messages";

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = DEFAULT_TOPIC,
            description = "The topic goflow2 writes to (default ${DEFAULT-VALUE}).")
    private String topic;

    @Option(names = "--group", paramLabel = "GROUP", defaultValue = "outagewatch-flows",
            description = "Consumer group (default ${DEFAULT-VALUE}).")
    private String group;

    @Option(names = "--prefix-table", paramLabel = "FILE", description = "Prefix-to-ASN table for addresses without an AS (repeatable).")
    private List<Path> tableFiles = List.of();

    @Option(names = "--interval", paramLabel = "DURATION", converter = SeriesDurationConverter.class, defaultValue = "5m",
            description = "Aggregation interval (default ${DEFAULT-VALUE}).")
    private Duration interval;

    @Option(names = "--grace", paramLabel = "DURATION", converter = SeriesDurationConverter.class, defaultValue = "60s",
            description = "How long after its end an interval waits for late flows (default ${DEFAULT-VALUE}).")
    private Duration grace;

    @Option(names = "--side", paramLabel = "SIDE", defaultValue = "BOTH",
            description = "Count a flow for its SRC, DST or BOTH ASNs (default ${DEFAULT-VALUE}).")
    private FlowAggregator.Side side;

    @Option(names = "--max-records", paramLabel = "N", defaultValue = "9223372036854775807",
            description = "Stop after N messages (default: no limit).")
    private long maxRecords;

    @Option(names = "--idle", paramLabel = "DURATION", converter = SeriesDurationConverter.class, defaultValue = "30s",
            description = "Stop when no message came for this long (default ${DEFAULT-VALUE}).")
    private Duration idle;

    @Option(names = "--dry-run", description = "Read and aggregate but serialize in-process instead of publishing.")
    private boolean dryRun;

    @Option(names = "--create-topics", description = "Create the catalog's missing topics first.")
    private boolean createTopics;

    @Option(names = "--progress", description = "Show progress on stderr even when it is not a terminal.")
    private boolean progress;

    @Override
    public Integer call() throws InterruptedException {
        final Settings settings;
        try {
            settings = kafka.settings(Map.of(), Map.of());
            FileIngestCommands.checkFiles(tableFiles);
            if (maxRecords < 1) {
                throw new IllegalArgumentException("--max-records must be at least 1");
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final PrefixTable table = PrefixTableLoader.load(tableFiles.toArray(Path[]::new)).table();
        final FlowAggregator aggregator = new FlowAggregator(table, interval, side);
        try (FileIngestRunner runner = new FileIngestRunner(settings, STAGE, dryRun, createTopics, progress)) {
            final long read = new FlowsTopicReader(aggregator, grace).read(
                    FlowsTopicReader.consumerConfig(settings.kafkaConfig(), group), topic, runner, maxRecords, idle,
                    () -> Thread.currentThread().isInterrupted());
            spec.commandLine().getOut().printf("messages read          %,12d%nflows aggregated       %,12d%n", read,
                    aggregator.flowsAdded());
            return runner.finish(spec.commandLine().getOut(), spec.commandLine().getErr(), spec.qualifiedName());
        }
    }
}
