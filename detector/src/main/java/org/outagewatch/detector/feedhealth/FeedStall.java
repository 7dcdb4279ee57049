package org.outagewatch.detector.feedhealth;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.outagewatch.detector.baseline.AlertEvent;
import org.outagewatch.detector.baseline.AlertPhase;
import org.outagewatch.detector.baseline.Severity;

/**
 * Whether one feed (the series of one signal, across every stage-1 task) is stalled, from the tasks'
 * {@link FeedSummary feed summaries}; plain Java, one instance per feed, encoded between records.
 *
 * <ul>
 *   <li>A gap summary (every active series of a task silent) opens a stall: one CRITICAL {@link AlertPhase#OPEN}
 *       for the feed, however many tasks and series it silences. Further gaps, from this or other tasks, extend
 *       it.</li>
 *   <li>A task that reports again, for a window at or after the end of its last gap, has resumed; when every
 *       stalled task has resumed the stall is {@link AlertPhase#RESOLVED}, with its duration and an alert area of
 *       100% x minutes.</li>
 *   <li>Gap summaries for windows the last resolved stall already covered (a task that closes the same gap later
 *       than another) are absorbed, so one stall gives one alert.</li>
 * </ul>
 * Evidence: on OPEN, expected = series silenced (the sum over stalled tasks of their active series), observed = 0,
 * score = 0; on RESOLVED, the resuming task's active and reporting series and their ratio.
 */
public final class FeedStall {
    private static final byte FORMAT = 1;
    private static final double MINUTE = 60_000.0;

    /** Stalled partitions: partition -> {end of its last gap window, active series}. */
    private final TreeMap<Integer, long[]> stalled = new TreeMap<>();
    private long openedAt = Long.MIN_VALUE;
    private long gapThrough = Long.MIN_VALUE;
    private long reportedThrough = Long.MIN_VALUE;

    /** Takes one summary; returns the alert event it causes, if any. */
    public Optional<AlertEvent> observe(final FeedSummary summary) {
        if (summary.gap()) {
            return gap(summary);
        }
        final long[] partition = stalled.get(summary.partition());
        if (partition == null || summary.windowStart() < partition[0]) {
            return Optional.empty();
        }
        stalled.remove(summary.partition());
        if (!stalled.isEmpty()) {
            return Optional.empty();
        }
        final double minutes = (gapThrough - openedAt) / MINUTE;
        final AlertEvent resolved = new AlertEvent(AlertPhase.RESOLVED, Severity.CRITICAL, openedAt, gapThrough,
                summary.windowStart(), summary.windowEnd(), summary.active(), summary.reporting(),
                summary.active() == 0 ? 1.0 : (double) summary.reporting() / summary.active(), summary.active(), minutes,
                100.0 * minutes);
        reportedThrough = gapThrough;
        openedAt = Long.MIN_VALUE;
        return Optional.of(resolved);
    }

    private Optional<AlertEvent> gap(final FeedSummary summary) {
        if (summary.windowEnd() <= reportedThrough) {
            return Optional.empty();
        }
        final boolean opening = stalled.isEmpty();
        final long[] partition = stalled.computeIfAbsent(summary.partition(), p -> new long[2]);
        partition[0] = Math.max(partition[0], summary.windowEnd());
        partition[1] = Math.max(partition[1], summary.active());
        gapThrough = Math.max(gapThrough, summary.windowEnd());
        if (!opening) {
            return Optional.empty();
        }
        openedAt = summary.windowStart();
        return Optional.of(new AlertEvent(AlertPhase.OPEN, Severity.CRITICAL, openedAt, null, summary.windowStart(),
                summary.windowEnd(), silenced(), 0.0, 0.0, summary.active(), null, null));
    }

    /** True while some task of the feed is stalled. */
    public boolean open() {
        return !stalled.isEmpty();
    }

    /** Series silenced by the current stall (0 when none). */
    public long silenced() {
        long sum = 0;
        for (final long[] partition : stalled.values()) {
            sum += partition[1];
        }
        return sum;
    }

    public byte[] toBytes() {
        final ByteBuffer out = ByteBuffer.allocate(1 + 3 * Long.BYTES + Integer.BYTES + stalled.size() * (Integer.BYTES + 2 * Long.BYTES));
        out.put(FORMAT).putLong(openedAt).putLong(gapThrough).putLong(reportedThrough).putInt(stalled.size());
        for (final Map.Entry<Integer, long[]> e : stalled.entrySet()) {
            out.putInt(e.getKey()).putLong(e.getValue()[0]).putLong(e.getValue()[1]);
        }
        return out.array();
    }

    public static FeedStall fromBytes(final byte[] bytes) {
        final FeedStall stall = new FeedStall();
        if (bytes == null) {
            return stall;
        }
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != FORMAT) {
            throw new IllegalStateException("Unknown format of feed-stall state");
        }
        stall.openedAt = in.getLong();
        stall.gapThrough = in.getLong();
        stall.reportedThrough = in.getLong();
        final int n = in.getInt();
        for (int i = 0; i < n; i++) {
            stall.stalled.put(in.getInt(), new long[] {in.getLong(), in.getLong()});
        }
        return stall;
    }
}
