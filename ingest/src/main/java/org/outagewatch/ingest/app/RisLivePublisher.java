package org.outagewatch.ingest.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.outagewatch.ingest.publish.DeadLetters;
import org.outagewatch.ingest.publish.BatchPolicy;
import org.outagewatch.ingest.publish.EventPublisher;
import org.outagewatch.ingest.publish.Progress;
import org.outagewatch.ingest.publish.PublishSummary;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.RecordSink;
import org.outagewatch.schemas.RouteUpdate;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * The sink of {@code ingest bgp ris-live}: RouteUpdates to routing-updates with the idempotent {@link EventPublisher}
 * (record time = the update's time), rejected input to ingest-dead-letters with reason and origin; with
 * {@code dryRun} it serializes against an in-process registry and sends nothing. Shows {@link Progress} and prints
 * the counts at {@link #finish}. Thread-safe (the live client calls it from the WebSocket's thread).
 */
public final class RisLivePublisher implements RecordSink, AutoCloseable {
    /** The registry a dry run serializes against: in-process, nothing leaves the JVM. */
    public static final String DRY_RUN_REGISTRY = "mock://outagewatch-ris-live-dry-run";

    private final Topic<String, RouteUpdate> topic;
    private final EventPublisher publisher;
    private final DeadLetters deadLetters;
    private final Progress bar;
    private long updates;
    private long bytes;

    public RisLivePublisher(final Settings settings, final String stage, final boolean dryRun, final boolean createTopics,
                            final boolean progress) throws InterruptedException {
        final TopicCatalog catalog = IngestTopics.catalog(settings, dryRun ? DRY_RUN_REGISTRY : null);
        if (!dryRun) {
            IngestTopics.prepare(settings, catalog, createTopics, List.of(catalog.routingUpdates(), catalog.deadLetters()));
        }
        this.topic = catalog.routingUpdates();
        this.publisher = dryRun ? null : new EventPublisher(settings.kafkaConfig(), catalog, BatchPolicy.from(settings));
        this.deadLetters = new DeadLetters(publisher, stage, Clock.systemUTC());
        this.bar = Progress.onStderr(stage.replace('.', ' ') + (dryRun ? " (dry run)" : ""), progress);
    }

    @Override
    public synchronized void accept(final Keyed record) {
        final RouteUpdate update = (RouteUpdate) record.value();
        try {
            if (publisher == null) {
                bytes += topic.valueSerde().serializer().serialize(topic.name(), update).length;
            } else {
                publisher.send(topic, record.key(), update, record.eventTime());
            }
            updates++;
        } catch (SerializationException e) {
            deadLetters.reject("Cannot serialize: " + e.getMessage(), e, "event:" + record.key() + "@" + record.eventTime(),
                    update.toString().getBytes(StandardCharsets.UTF_8));
            bar.deadLetters(deadLetters.count());
        }
        bar.records(1);
    }

    @Override
    public synchronized void reject(final Origin origin, final String reason, final Throwable error, final byte[] payload) {
        deadLetters.reject(reason, error, origin.toString(), payload);
        bar.deadLetters(deadLetters.count());
        bar.records(1);
    }

    public synchronized long updates() {
        return updates;
    }

    public synchronized long deadLetterCount() {
        return deadLetters.count();
    }

    /**
     * Flushes, prints the counts; returns the exit code (failure when sends failed).
     *
     * @param ignored messages without routing signal, printed with the counts
     */
    public synchronized int finish(final PrintWriter out, final PrintWriter err, final String command,
                                   final Map<String, Long> ignored) {
        final PublishSummary summary = PublishOutcome.flush(publisher);
        bar.finish();
        out.printf(Locale.ROOT, "%s: %,d route updates%s, %,d dead letters, ignored %s%n",
                publisher == null ? "dry run" : "published", updates,
                publisher == null ? String.format(Locale.ROOT, " serialized (%,d bytes)", bytes) : "",
                deadLetters.count(), ignored.isEmpty() ? "none" : ignored);
        return PublishOutcome.report(summary, out, err, command);
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
    }
}
