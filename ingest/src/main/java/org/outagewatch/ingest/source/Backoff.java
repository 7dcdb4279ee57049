package org.outagewatch.ingest.source;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with jitter: attempt n (from 0) waits {@code min(max, initial * 2^n)}, of which the
 * fraction {@code jitter} is random (equal jitter: at least {@code (1 - jitter)} of it).
 */
public record Backoff(Duration initial, Duration max, double jitter) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2), 0.5);

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("Bad back-off: initial " + initial + ", max " + max + ", jitter " + jitter);
        }
    }

    /** The wait before attempt n, given a random number in [0, 1). */
    public Duration delay(final int attempt, final DoubleSupplier random) {
        final long ceiling = Math.min(max.toMillis(), initial.toMillis() * (1L << Math.min(Math.max(attempt, 0), 30)));
        final long fixed = Math.round(ceiling * (1 - jitter));
        return Duration.ofMillis(fixed + Math.round((ceiling - fixed) * random.getAsDouble()));
    }
}
