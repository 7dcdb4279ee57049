package org.outagewatch.ingest.publish;

import java.time.Duration;
import java.util.Map;

/**
 * What an {@link EventPublisher} did: records handed to the producer, acknowledged by the brokers and
 * failed, per topic sent counts, and the time since it was created.
 */
public record PublishSummary(long sent, long acknowledged, long failed, Map<String, Long> sentByTopic, Duration elapsed) {
    public PublishSummary {
        sentByTopic = Map.copyOf(sentByTopic);
    }

    /** Acknowledged records per second of elapsed time. */
    public double recordsPerSecond() {
        final double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0.0 : acknowledged / seconds;
    }

    /** Records neither acknowledged nor failed (in flight), zero after a flush. */
    public long pending() {
        return sent - acknowledged - failed;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%d sent, %d acknowledged, %d failed in %.1f s (%.0f records/s)",
                sent, acknowledged, failed, elapsed.toMillis() / 1000.0, recordsPerSecond());
    }
}
