package org.outagewatch.detector.baseline;

/**
 * One point of a series: the value over the event-time window {@code [windowStart, windowEnd)} and how many
 * observations it rests on. {@code coverageGated} says whether the value is a share that means nothing on too
 * few observations (probe signals), so that the model holds its state on thin points. {@code pooled} says whether
 * the observations of consecutive windows are new trials (probe results, tests) that may be pooled to reach
 * significance, or a census of the same units every window (connected probes), which must be judged window by
 * window.
 */
public record Observation(long windowStart, long windowEnd, double value, long coverage, boolean coverageGated,
                          boolean pooled) {
    public Observation {
        if (windowEnd <= windowStart) {
            throw new IllegalArgumentException("window end " + windowEnd + " must be after its start " + windowStart);
        }
    }

    /** An observation whose trials may be pooled across windows. */
    public Observation(final long windowStart, final long windowEnd, final double value, final long coverage,
                       final boolean coverageGated) {
        this(windowStart, windowEnd, value, coverage, coverageGated, true);
    }

    /** Length of the window in minutes. */
    public double minutes() {
        return (windowEnd - windowStart) / 60_000.0;
    }

    /** The middle of the window, where its time of day is read. */
    public long midpoint() {
        return windowStart + (windowEnd - windowStart) / 2;
    }
}
