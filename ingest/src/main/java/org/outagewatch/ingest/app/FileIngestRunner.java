package org.outagewatch.ingest.app;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.outagewatch.ingest.publish.DeadLetters;
import org.outagewatch.ingest.publish.BatchPolicy;
import org.outagewatch.ingest.publish.EventPublisher;
import org.outagewatch.ingest.publish.Progress;
import org.outagewatch.ingest.publish.PublishSummary;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.RecordSink;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.RouteUpdate;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * The sink of a file-ingest command: sends each event to its catalog topic by value type (ProbeResult to
 * probe-results, ConnectionEvent to atlas connections, TrafficSample, SignalPoint, AsnInfo, RouteUpdate to theirs) with the
 * idempotent {@link EventPublisher}, and rejected input to the dead letters with its reason and origin; with
 * {@code dryRun} it serializes against an in-process registry instead and sends nothing. Counts records per
 * topic, shows {@link Progress}, and prints a summary at {@link #finish}. Used by one thread; close it.
 */
public final class FileIngestRunner implements RecordSink, AutoCloseable {
    /** The registry a dry run serializes against: in-process, nothing leaves the JVM. */
    public static final String DRY_RUN_REGISTRY = "mock://outagewatch-file-dry-run";

    private final TopicCatalog catalog;
    private final EventPublisher publisher;
    private final DeadLetters deadLetters;
    private final Progress bar;
    private final Map<String, Long> counts = new TreeMap<>();
    private final boolean dryRun;

    /**
     * @param settings the merged settings (Kafka, registry, {@code outagewatch.partitions})
     * @param stage the dead-letter stage, such as {@code ingest.atlas}
     */
    /** A runner with the command's publishing flags. */
    public FileIngestRunner(final Settings settings, final String stage, final PublishOptions publish)
            throws InterruptedException {
        this(settings, stage, publish.dryRun(), publish.createTopics(), publish.progress());
    }

    public FileIngestRunner(final Settings settings, final String stage, final boolean dryRun, final boolean createTopics,
                            final boolean progress) throws InterruptedException {
        this(settings, stage, dryRun, createTopics,
                Progress.onStderr(stage.replace('.', ' ') + (dryRun ? " (dry run)" : ""), progress));
    }

    /** A runner that counts into the given progress (a silent one when the caller shows its own). */
    public FileIngestRunner(final Settings settings, final String stage, final boolean dryRun, final boolean createTopics,
                            final Progress bar) throws InterruptedException {
        this.dryRun = dryRun;
        this.catalog = IngestTopics.catalog(settings, dryRun ? DRY_RUN_REGISTRY : null);
        if (!dryRun) {
            IngestTopics.prepare(settings, catalog, createTopics, IngestTopics.fileInputs(catalog));
        }
        this.publisher = dryRun ? null : new EventPublisher(settings.kafkaConfig(), catalog, BatchPolicy.from(settings));
        this.deadLetters = new DeadLetters(publisher, stage, Clock.systemUTC());
        this.bar = bar;
    }

    @Override
    public void accept(final Keyed record) {
        final Topic<String, ?> topic = topicOf(record);
        try {
            if (dryRun) {
                typed(topic).valueSerde().serializer().serialize(topic.name(), record.value());
            } else {
                publisher.send(typed(topic), record.key(), record.value(), record.eventTime());
            }
            counts.merge(topic.name(), 1L, Long::sum);
        } catch (SerializationException e) {
            deadLetters.reject("Cannot serialize: " + e.getMessage(), e, "event:" + record.key() + "@" + record.eventTime(),
                    record.value().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            bar.deadLetters(deadLetters.count());
        }
        bar.records(1);
    }

    @Override
    public void reject(final Origin origin, final String reason, final Throwable error, final byte[] payload) {
        deadLetters.reject(reason, error, origin.toString(), payload);
        bar.deadLetters(deadLetters.count());
        bar.records(1);
    }

    public long deadLetterCount() {
        return deadLetters.count();
    }

    /** Records accepted per topic so far. */
    public Map<String, Long> counts() {
        return Map.copyOf(counts);
    }

    /** Flushes, prints the counts per topic and the summary; returns the exit code (failure when sends failed). */
    public int finish(final PrintWriter out, final PrintWriter err, final String command) {
        final PublishSummary summary = PublishOutcome.flush(publisher);
        bar.deadLetters(deadLetters.count());
        final String line = bar.finish();
        counts.forEach((topic, count) -> out.printf(Locale.ROOT, "%-22s %,12d%n", topic, count));
        out.printf(Locale.ROOT, "%s: %s%n", dryRun ? "dry run" : "published", line.substring(line.indexOf(':') + 2));
        return PublishOutcome.report(summary, out, err, command);
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
    }

    private Topic<String, ?> topicOf(final Keyed record) {
        final Object value = record.value();
        if (value instanceof ProbeResult) {
            return catalog.probeResults();
        } else if (value instanceof ConnectionEvent) {
            return catalog.atlasConnections();
        } else if (value instanceof TrafficSample) {
            return catalog.trafficSamples();
        } else if (value instanceof SignalPoint) {
            return catalog.signalPoints();
        } else if (value instanceof AsnInfo) {
            return catalog.asnMetadata();
        } else if (value instanceof RouteUpdate) {
            return catalog.routingUpdates();
        }
        throw new IllegalArgumentException("No topic for " + value.getClass().getName());
    }

    @SuppressWarnings("unchecked")
    private static <V> Topic<String, Object> typed(final Topic<String, V> topic) {
        return (Topic<String, Object>) topic;
    }
}
