package org.outagewatch.detector.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.outagewatch.schemas.SignalPoint;

/**
 * A progress marker: task {@code task} of the {@code tasks} tasks of a writer {@code group} (a stage that writes
 * points, such as {@code signal-folder}) has sent every point of every window that ends at or before
 * {@code closedThrough}, and will send none for those windows again. {@code idle} says the task has no input at the
 * moment (nothing pending), so that it holds nobody back. Markers travel in order with the points they vouch for:
 * a writer sends its marker after the points, on every partition of the topic its readers read ({@link
 * ProgressPartitioner}), so a reader that has a marker from every task of a group knows that group's points are
 * complete through the smallest of them ({@link ProgressTracker}). {@link #NONE} (0, the epoch) is "nothing closed
 * yet".
 *
 * <p>On {@code signal-points} a marker is a {@link SignalPoint} of the entity {@code progress/<group>} and signal
 * {@value #SIGNAL} (key {@code progress/<group>|<task>}), window start and end at {@code closedThrough}, value the
 * task, coverage the task count, breakdown {@code idle} 0 or 1; consumers of that topic skip {@code progress/}
 * entities as they skip {@code feed/} ones.
 */
public record Progress(String group, int task, int tasks, long closedThrough, boolean idle) {
    public static final String ENTITY_PREFIX = "progress/";
    public static final String SIGNAL = "progress";
    public static final long NONE = 0L;
    private static final String IDLE = "idle";

    public Progress {
        if (tasks < 1 || task < 0 || task >= tasks) {
            throw new IllegalArgumentException("progress of task " + task + " of " + tasks + " tasks of " + group);
        }
        closedThrough = Math.max(NONE, closedThrough);
    }

    /** True for a marker's entity ({@code progress/...}) on signal-points. */
    public static boolean isMarker(final String entity) {
        return entity != null && entity.startsWith(ENTITY_PREFIX);
    }

    /** True for a marker on signal-points. */
    public static boolean isMarker(final SignalPoint point) {
        return point != null && isMarker(point.getEntity());
    }

    /** The key of this marker on signal-points: {@code progress/<group>|<task>}. */
    public String key() {
        return ENTITY_PREFIX + group + "|" + task;
    }

    /** This marker as a record of signal-points. */
    public SignalPoint toPoint() {
        final Map<String, Long> breakdown = new LinkedHashMap<>();
        breakdown.put(IDLE, idle ? 1L : 0L);
        return SignalPoint.newBuilder()
                .setEntity(ENTITY_PREFIX + group)
                .setSignal(SIGNAL)
                .setWindowStart(Instant.ofEpochMilli(closedThrough))
                .setWindowEnd(Instant.ofEpochMilli(closedThrough))
                .setValue(task)
                .setCoverage(tasks)
                .setBreakdown(breakdown)
                .build();
    }

    /** The marker a signal-points record carries ({@link #isMarker(SignalPoint)} must hold). */
    public static Progress fromPoint(final SignalPoint point) {
        final Long idle = point.getBreakdown() == null ? null : point.getBreakdown().get(IDLE);
        return new Progress(point.getEntity().substring(ENTITY_PREFIX.length()), (int) point.getValue(),
                (int) point.getCoverage(), point.getWindowEnd().toEpochMilli(), idle != null && idle == 1L);
    }

    /** A compact encoding, for stores and internal topics. */
    public byte[] encode() {
        final byte[] name = group.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + name.length + 2 * Integer.BYTES + Long.BYTES + 1)
                .putInt(name.length).put(name).putInt(task).putInt(tasks).putLong(closedThrough)
                .put((byte) (idle ? 1 : 0)).array();
    }

    public static Progress decode(final byte[] bytes) {
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        final byte[] name = new byte[in.getInt()];
        in.get(name);
        return new Progress(new String(name, StandardCharsets.UTF_8), in.getInt(), in.getInt(), in.getLong(),
                in.get() == 1);
    }
}
