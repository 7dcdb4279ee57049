package org.outagewatch.deploy.notify;

import java.time.Duration;

/** Exponential back-off between delivery attempts: {@code first}, twice that, ... capped at {@code max}. */
public record Backoff(Duration first, Duration max) {
    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("Back-off must start above zero and not exceed its maximum: " + first + ", " + max);
        }
    }

    /** The wait after failed attempt {@code attempt} (1 for the first). */
    public Duration after(final int attempt) {
        final int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        final long millis = first.toMillis() << doublings;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
