package org.outagewatch.detector.common;

/**
 * Stage 1's event-time rules: tumbling windows of {@code sizeMillis} aligned on the epoch, closed once stream time
 * passes their end plus {@code graceMillis}; a series seen within {@code activeHorizonMillis} before a window's end
 * gets a zero point for that window when it is silent.
 */
public record WindowRules(long sizeMillis, long graceMillis, long activeHorizonMillis) {
    public WindowRules {
        if (sizeMillis <= 0 || graceMillis < 0 || activeHorizonMillis < 0) {
            throw new IllegalArgumentException("window size must be > 0, grace and active horizon >= 0");
        }
    }

    public long windowStart(final long time) {
        return time - Math.floorMod(time, sizeMillis);
    }

    /** The end of the last window that is closed at this stream time. */
    public long closedThrough(final long streamTime) {
        return windowStart(streamTime - graceMillis);
    }
}
