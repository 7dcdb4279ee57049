package org.outagewatch.ingest.replay;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Paces a replay: with speed X (simulated seconds per real second) an event at event time {@code t} is released
 * {@code (t - t0) / X} after the first event {@code t0} was; as fast as possible without a speed. Event times that
 * go backwards (late records) are released at once. Used by one thread.
 */
public final class ReplayPacer {
    /** Sleeps for a number of nanoseconds. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double speed;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private Instant firstEvent;
    private long firstNanos;
    private long sleptNanos;

    private ReplayPacer(final double speed, final LongSupplier nanoTime, final Sleeper sleeper) {
        this.speed = speed;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** No pacing: as fast as possible. */
    public static ReplayPacer unpaced() {
        return new ReplayPacer(0, System::nanoTime, nanos -> { });
    }

    /** Real-time pacing at {@code speed} simulated seconds per real second. */
    public static ReplayPacer atSpeed(final double speed) {
        return atSpeed(speed, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** Pacing with a given clock and sleeper (tests). */
    public static ReplayPacer atSpeed(final double speed, final LongSupplier nanoTime, final Sleeper sleeper) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("The speed must be a positive number: " + speed);
        }
        return new ReplayPacer(speed, nanoTime, sleeper);
    }

    /** Waits until the event at this time is due. */
    public void await(final Instant eventTime) throws InterruptedException {
        if (speed == 0) {
            return;
        }
        if (firstEvent == null) {
            firstEvent = eventTime;
            firstNanos = nanoTime.getAsLong();
            return;
        }
        final double simulatedNanos = (eventTime.toEpochMilli() - firstEvent.toEpochMilli()) * 1_000_000.0;
        final long due = firstNanos + (long) (simulatedNanos / speed);
        final long wait = due - nanoTime.getAsLong();
        if (wait > 0) {
            sleeper.sleepNanos(wait);
            sleptNanos += wait;
        }
    }

    /** Nanoseconds spent waiting so far. */
    public long sleptNanos() {
        return sleptNanos;
    }
}
