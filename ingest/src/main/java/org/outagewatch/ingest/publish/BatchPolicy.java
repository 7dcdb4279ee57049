package org.outagewatch.ingest.publish;

import java.time.Duration;
import org.outagewatch.schemas.config.Settings;

/**
 * When {@link EventPublisher} puts probe results and traffic samples of one key into one Kafka record
 * ({@link org.outagewatch.schemas.topic.EventBatches}), so a consumer pays Kafka's per-record cost once for many
 * events. A key's pending batch is sent when it holds {@code maxEvents}, when it has waited {@code linger} of wall-clock
 * time, or when the newest event the publisher has seen is {@code maxSpan} of event time past its first event: that
 * last bound keeps a held event from arriving later, by event time, than the detector's window grace (1 minute by
 * default) allows, however fast a replay runs. A batch of one event is sent as the single event.
 *
 * <pre>
 * setting                                   default  meaning
 * outagewatch.ingest.batch.max-events       100      events per record at most; 1 turns batching off
 * outagewatch.ingest.batch.linger           200ms    wall-clock wait of a key's first event at most
 * outagewatch.ingest.batch.max-span         30s      event-time span of a batch at most (keep it below the grace)
 * </pre>
 */
public record BatchPolicy(int maxEvents, Duration linger, Duration maxSpan) {
    public static final String MAX_EVENTS = Settings.OURS + "ingest.batch.max-events";
    public static final String LINGER = Settings.OURS + "ingest.batch.linger";
    public static final String MAX_SPAN = Settings.OURS + "ingest.batch.max-span";
    /** The defaults. */
    public static final BatchPolicy DEFAULT = new BatchPolicy(100, Duration.ofMillis(200), Duration.ofSeconds(30));
    /** One event per record, as before batching. */
    public static final BatchPolicy OFF = new BatchPolicy(1, Duration.ZERO, Duration.ZERO);

    public BatchPolicy {
        if (maxEvents < 1) {
            throw new IllegalArgumentException(MAX_EVENTS + " must be >= 1: " + maxEvents);
        }
        if (linger.isNegative() || maxSpan.isNegative()) {
            throw new IllegalArgumentException(LINGER + " and " + MAX_SPAN + " must not be negative");
        }
    }

    /** The policy of {@code settings}, the defaults for what they do not set. */
    public static BatchPolicy from(final Settings settings) {
        final int events = settings.getInt(MAX_EVENTS, DEFAULT.maxEvents());
        final String linger = settings.get(LINGER);
        final String span = settings.get(MAX_SPAN);
        return new BatchPolicy(events, linger == null ? DEFAULT.linger() : Settings.parseDuration(linger),
                span == null ? DEFAULT.maxSpan() : Settings.parseDuration(span));
    }

    public boolean enabled() {
        return maxEvents > 1;
    }
}
