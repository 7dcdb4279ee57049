package org.outagewatch.detector.signals;

import org.outagewatch.detector.common.WindowRules;
import org.outagewatch.detector.feedhealth.FeedSummary;

/**
 * For one signal of one stage-1 task, and the windows being closed together ({@code [from, to)}), how many series
 * reported and how many were active (reported, or would get a zero point); and so which windows are feed gaps:
 * every active series silent, and at least {@code minSeries} of them. A gap is a stalled feed, not an outage of
 * each network, so its zero points are held back and the task's {@link FeedSummary} says so instead.
 */
final class FeedTally {
    private final long from;
    private final long size;
    private final long horizon;
    private final long minSeries;
    private final long[] reporting;
    private final long[] active;

    FeedTally(final long from, final long to, final WindowRules rules, final long minSeries) {
        this.from = from;
        this.size = rules.sizeMillis();
        this.horizon = rules.activeHorizonMillis();
        this.minSeries = minSeries;
        final int windows = (int) Math.max(0L, (to - from) / size);
        this.reporting = new long[windows];
        this.active = new long[windows];
    }

    /** Counts one series over the windows (the same activity rule as the zero points of {@link SignalFoldProcessor}). */
    void count(final SeriesState state) {
        int open = 0;
        for (int i = 0; i < reporting.length; i++) {
            final long windowStart = from + i * size;
            if (windowStart < state.nextWindowStart) {
                continue;
            }
            while (open < state.open && state.starts[open] < windowStart) {
                open++;
            }
            if (open < state.open && state.starts[open] == windowStart) {
                reporting[i]++;
                active[i]++;
            } else if (windowStart + size - state.lastSeen <= horizon) {
                active[i]++;
            }
        }
    }

    /** True when the window starting at {@code windowStart} is a feed gap. */
    boolean gap(final long windowStart) {
        final long offset = windowStart - from;
        if (offset < 0 || offset % size != 0 || offset / size >= reporting.length) {
            return false;
        }
        final int i = (int) (offset / size);
        return reporting[i] == 0 && active[i] >= minSeries;
    }

    /** The summary of the window starting at {@code windowStart}, or null when it had no active series. */
    FeedSummary summary(final String signal, final int partition, final long windowStart) {
        final int i = (int) ((windowStart - from) / size);
        if (i < 0 || i >= active.length || active[i] == 0) {
            return null;
        }
        return new FeedSummary(signal, windowStart, windowStart + size, reporting[i], active[i], partition,
                gap(windowStart));
    }
}
