package org.outagewatch.detector.feedhealth;

import java.time.Instant;
import java.util.Map;
import org.outagewatch.schemas.SignalPoint;

/**
 * The feed-health summary that a stage-1 task emits for one signal and one closed window, as a {@link SignalPoint}
 * on {@code signal-points}: entity {@code feed/<signal>} (for example {@code feed/probe.reachable}), signal
 * {@value #SIGNAL}, value = series of this task that reported in the window, coverage = series that were active
 * (reported, or were seen within the active horizon and so would get a zero point), breakdown
 * {@value #PARTITION} = the task's input partition and {@value #GAP} = 1 when every active series was silent and
 * there were enough of them to call it a stalled feed (their zero points were then held back), else 0.
 *
 * @param signal       the signal id of the series summarized
 * @param windowStart  start of the window (epoch millis)
 * @param windowEnd    end of the window (epoch millis)
 * @param reporting    series with at least one record in the window
 * @param active       series active in the window
 * @param partition    the stage-1 task's input partition
 * @param gap          whether the window is a feed gap
 */
public record FeedSummary(String signal, long windowStart, long windowEnd, long reporting, long active, int partition,
                          boolean gap) {
    /** The entity prefix of feed-health series; never an ASN, country or service entity. */
    public static final String ENTITY_PREFIX = "feed/";
    /** The signal id of feed summaries and of feed-health alerts. */
    public static final String SIGNAL = "feed.reporting";
    public static final String PARTITION = "partition";
    public static final String GAP = "gap";

    /** The feed entity of a signal: {@code feed/<signal>}. */
    public static String entityOf(final String signal) {
        return ENTITY_PREFIX + signal;
    }

    /** True for a point or alert of a feed entity. */
    public static boolean isFeed(final String entity) {
        return entity != null && entity.startsWith(ENTITY_PREFIX);
    }

    /** The {@code signal-points} key of this summary. */
    public String key() {
        return entityOf(signal) + "|" + SIGNAL;
    }

    public SignalPoint toPoint() {
        return SignalPoint.newBuilder()
                .setEntity(entityOf(signal))
                .setSignal(SIGNAL)
                .setWindowStart(Instant.ofEpochMilli(windowStart))
                .setWindowEnd(Instant.ofEpochMilli(windowEnd))
                .setValue(reporting)
                .setCoverage(active)
                .setBreakdown(Map.of(PARTITION, (long) partition, GAP, gap ? 1L : 0L))
                .build();
    }

    /** Reads a summary back from its point; null when the point is not a well-formed feed summary. */
    public static FeedSummary fromPoint(final SignalPoint point) {
        if (point == null || !isFeed(point.getEntity()) || !SIGNAL.equals(point.getSignal())) {
            return null;
        }
        final Long partition = point.getBreakdown().get(PARTITION);
        final Long gap = point.getBreakdown().get(GAP);
        if (partition == null || gap == null) {
            return null;
        }
        return new FeedSummary(point.getEntity().substring(ENTITY_PREFIX.length()), point.getWindowStart().toEpochMilli(),
                point.getWindowEnd().toEpochMilli(), (long) point.getValue(), point.getCoverage(), partition.intValue(),
                gap == 1L);
    }
}
