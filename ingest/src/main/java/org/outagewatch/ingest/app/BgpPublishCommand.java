package org.outagewatch.ingest.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.errors.SerializationException;
import org.outagewatch.ingest.bgp.BgpElement;
import org.outagewatch.ingest.bgp.BgpElementReader;
import org.outagewatch.ingest.bgp.BgpdumpFormat;
import org.outagewatch.ingest.bgp.MrtFormatException;
import org.outagewatch.ingest.bgp.MrtRecord;
import org.outagewatch.ingest.bgp.RouteUpdates;
import org.outagewatch.ingest.publish.DeadLetters;
import org.outagewatch.ingest.publish.EventPublisher;
import org.outagewatch.ingest.publish.Progress;
import org.outagewatch.ingest.publish.PublishSummary;
import org.outagewatch.schemas.RouteUpdate;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ingest bgp publish FILE...}: reads MRT update files or RIB dumps (to seed state) and publishes one
 * {@link RouteUpdate} per element to routing-updates, keyed by prefix ({@code peer:<address>} for session up/down),
 * record time = the element's time. A record that cannot be decoded, a truncated file (after every element before
 * it) and an update the serde rejects go to ingest-dead-letters with the reason and origin {@code FILE@offset}.
 * {@code --dry-run} serializes everything against an in-process registry without Kafka and prints the counts.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish the elements of MRT files (updates, or RIB dumps to seed state) as RouteUpdates.")
public final class BgpPublishCommand implements Callable<Integer> {
    public static final String STAGE = "ingest.bgp";
    public static final String COLLECTOR = Settings.OURS + "bgp.collector";
    public static final String DEFAULT_COLLECTOR = "unknown";

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "MRT files (gzip, bzip2 or plain).")
    private List<Path> files;

    @Option(names = "--collector", paramLabel = "NAME",
            description = "The route collector the files come from, such as rrc00 (default " + DEFAULT_COLLECTOR + ").")
    private String collector;

    @Option(names = "--dry-run", description = "Parse and serialize without Kafka; print the counts.")
    private boolean dryRun;

    @Option(names = "--create-topics", description = "Create the catalog's missing topics first.")
    private boolean createTopics;

    @Option(names = "--progress", description = "Show progress on stderr even when it is not a terminal.")
    private boolean progress;

    /** Where updates go: Kafka, or only the serializer in a dry run. */
    private interface Sink {
        void send(String key, RouteUpdate update);
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        for (final Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "no such file");
            }
        }
        final Settings settings;
        try {
            settings = kafka.settings(Map.of(COLLECTOR, DEFAULT_COLLECTOR), collector == null ? Map.of()
                    : Map.of(COLLECTOR, collector));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final String collectorName = settings.get(COLLECTOR, DEFAULT_COLLECTOR);
        final PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            final TopicCatalog catalog = IngestTopics.catalog(settings, SyntheticCommand.DRY_RUN_REGISTRY);
            final Topic<String, RouteUpdate> topic = catalog.routingUpdates();
            final long[] bytes = {0};
            final DeadLetters deadLetters = new DeadLetters(null, STAGE, Clock.systemUTC());
            final Progress bar = Progress.onStderr("ingest bgp (dry run)", progress);
            final long sent = run(collectorName, deadLetters, bar, (key, update) ->
                    bytes[0] += topic.valueSerde().serializer().serialize(topic.name(), update).length);
            bar.finish();
            out.printf(Locale.ROOT, "dry run: %,d route updates serialized (%,d bytes), %d dead letters%n", sent, bytes[0],
                    deadLetters.count());
            out.flush();
            return 0;
        }
        final TopicCatalog catalog = IngestTopics.catalog(settings, null);
        IngestTopics.prepare(settings, catalog, createTopics, List.of(catalog.routingUpdates(), catalog.deadLetters()));
        final PublishSummary summary;
        final long deadLetterCount;
        final Progress bar = Progress.onStderr("ingest bgp", progress);
        try (EventPublisher publisher = new EventPublisher(settings.kafkaConfig(), catalog)) {
            final DeadLetters deadLetters = new DeadLetters(publisher, STAGE, Clock.systemUTC());
            run(collectorName, deadLetters, bar, (key, update) ->
                    publisher.send(catalog.routingUpdates(), key, update, update.getObservedAt()));
            publisher.flush();
            deadLetterCount = deadLetters.count();
            summary = publisher.summary();
        }
        bar.finish();
        out.printf(Locale.ROOT, "published: %s, %d dead letters%n", summary, deadLetterCount);
        out.flush();
        return PublishOutcome.exitCode(summary, spec.commandLine().getErr(), spec.qualifiedName());
    }

    private long run(final String collectorName, final DeadLetters deadLetters, final Progress bar, final Sink sink)
            throws IOException {
        long sent = 0;
        final long[] count = {0};
        for (final Path file : files) {
            try (BgpElementReader reader = BgpElementReader.open(file)) {
                boolean more = true;
                while (more) {
                    try {
                        more = reader.next(element -> {
                            if (publish(element, collectorName, file, reader, deadLetters, sink)) {
                                count[0]++;
                            }
                            bar.records(1);
                        });
                    } catch (MrtFormatException e) {
                        deadLetters.reject(e.getMessage(), e, file + "@" + e.offset(), payload(reader.lastRecord(), e));
                        bar.deadLetters(deadLetters.count());
                        more = e.recoverable();
                    }
                }
            }
        }
        sent += count[0];
        return sent;
    }

    private static boolean publish(final BgpElement element, final String collectorName, final Path file,
                                   final BgpElementReader reader, final DeadLetters deadLetters, final Sink sink) {
        final RouteUpdate update = RouteUpdates.from(element, collectorName);
        if (update == null) {
            return false;
        }
        try {
            sink.send(RouteUpdates.key(update), update);
            return true;
        } catch (SerializationException e) {
            final MrtRecord record = reader.lastRecord();
            deadLetters.reject("Cannot serialize route update: " + e.getMessage(), e,
                    file + "@" + (record == null ? 0 : record.offset()),
                    BgpdumpFormat.line(element).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return false;
        }
    }

    private static byte[] payload(final MrtRecord record, final MrtFormatException error) {
        if (error.recoverable() && record != null) {
            return Arrays.copyOf(record.body(), record.body().length);
        }
        return new byte[0];
    }
}
