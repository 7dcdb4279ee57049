package org.outagewatch.detector.baseline;

/**
 * One point of a series: the value over the event-time window {@code [windowStart, windowEnd)} and how many
 * observations it rests on. {@code coverageGated} says whether the value is a share that means nothing on too
 * few observations (probe signals), so that the model holds its state on thin points.
 */
public record Observation(long windowStart, long windowEnd, double value, long coverage, boolean coverageGated) {
    public Observation {
        if (windowEnd <= windowStart) {
            throw new IllegalArgumentException("window end " + windowEnd + " must be after its start " + windowStart);
        }
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
