package org.outagewatch.ingest.publish;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.outagewatch.schemas.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rejected input of one ingest stage: builds a {@link DeadLetter} (reason, error class, stage, origin,
 * payload cut to {@link #MAX_PAYLOAD_BYTES}, rejection time), publishes it to the catalog's dead-letter
 * topic keyed by its origin, logs it at WARN with its coordinates (every one of the first
 * {@value #LOG_FIRST}, then one in {@value #LOG_EVERY}) and counts it.
 */
public final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    /** The largest payload kept: 1 MiB. */
    public static final int MAX_PAYLOAD_BYTES = 1 << 20;
    static final int LOG_FIRST = 100;
    static final int LOG_EVERY = 1000;

    private final EventPublisher publisher;
    private final String stage;
    private final Clock clock;
    private final LongAdder count = new LongAdder();

    /**
     * @param publisher where dead letters go (its catalog's deadLetters topic); may be null to only count
     *                  and log them (a dry run)
     * @param stage the component that rejects, such as {@code ingest.synthetic} or {@code ingest.atlas}
     * @param clock the wall clock for {@code rejectedAt}
     */
    public DeadLetters(final EventPublisher publisher, final String stage, final Clock clock) {
        this.publisher = publisher;
        this.stage = Objects.requireNonNull(stage, "stage");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The origin of a line of a file: {@code file:line}. */
    public static String fileOrigin(final Path file, final long line) {
        return file + ":" + line;
    }

    /** The origin of a Kafka record: {@code topic/partition@offset}. */
    public static String recordOrigin(final String topic, final int partition, final long offset) {
        return topic + "/" + partition + "@" + offset;
    }

    /**
     * Builds a dead letter (pure). The reason is kept on one line; the payload is cut to
     * {@link #MAX_PAYLOAD_BYTES} and flagged when it was.
     */
    public static DeadLetter build(final String reason, final Throwable error, final String stage, final String origin,
                                   final byte[] payload, final Instant rejectedAt) {
        final byte[] bytes = payload == null ? new byte[0] : payload;
        final boolean truncated = bytes.length > MAX_PAYLOAD_BYTES;
        final byte[] kept = truncated ? Arrays.copyOf(bytes, MAX_PAYLOAD_BYTES) : bytes;
        return new DeadLetter(oneLine(reason), error == null ? null : error.getClass().getName(), stage, origin,
                ByteBuffer.wrap(kept), truncated, rejectedAt);
    }

    /** Rejects input with an error behind it; returns the dead letter sent. */
    public DeadLetter reject(final String reason, final Throwable error, final String origin, final byte[] payload) {
        final DeadLetter letter = build(reason, error, stage, origin, payload, clock.instant());
        count.increment();
        final long n = count.sum();
        if (n <= LOG_FIRST || n % LOG_EVERY == 0) {
            LOG.warn("Skipping {}: {}. stage=[{}] origin=[{}] deadLetters=[{}]", error == null ? "input" : error.getClass().getSimpleName(),
                    letter.getReason(), stage, origin, n);
        }
        if (publisher != null) {
            publisher.send(publisher.catalog().deadLetters(), origin, letter, letter.getRejectedAt());
        }
        return letter;
    }

    /** Rejects well-formed but unusable input (no exception behind it). */
    public DeadLetter reject(final String reason, final String origin, final byte[] payload) {
        return reject(reason, null, origin, payload);
    }

    /** Dead letters so far. */
    public long count() {
        return count.sum();
    }

    public String stage() {
        return stage;
    }

    private static String oneLine(final String reason) {
        final String text = reason == null || reason.isBlank() ? "rejected" : reason;
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
