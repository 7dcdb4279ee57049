package org.outagewatch.detector.signals;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The live fold of one series ({@code AS<asn>|<signal>}) in stage 1: when it was last seen (event time), the first
 * window not yet emitted, and the open windows' accumulators (window start, count, sum), sorted by start. For
 * probe.reachable the sum counts OK probes; for traffic.volume it sums bytes. Mutated in place on the hot path;
 * encoded only when the store commits.
 */
final class SeriesState {
    private static final byte FORMAT = 1;

    final FoldedSignal signal;
    final long asn;
    long lastSeen;
    long nextWindowStart;
    int open;
    long[] starts = new long[2];
    long[] counts = new long[2];
    double[] sums = new double[2];
    boolean dirty;

    SeriesState(final FoldedSignal signal, final long asn, final long firstWindowStart, final long seen) {
        this.signal = signal;
        this.asn = asn;
        this.nextWindowStart = firstWindowStart;
        this.lastSeen = seen;
    }

    /** Adds one observation to the window that starts at {@code windowStart}. */
    void add(final long windowStart, final double amount) {
        int i = 0;
        while (i < open && starts[i] < windowStart) {
            i++;
        }
        if (i == open || starts[i] != windowStart) {
            insertAt(i, windowStart);
        }
        counts[i]++;
        sums[i] += amount;
        if (windowStart < nextWindowStart) {
            nextWindowStart = windowStart;
        }
    }

    private void insertAt(final int i, final long windowStart) {
        if (open == starts.length) {
            starts = Arrays.copyOf(starts, open * 2);
            counts = Arrays.copyOf(counts, open * 2);
            sums = Arrays.copyOf(sums, open * 2);
        }
        System.arraycopy(starts, i, starts, i + 1, open - i);
        System.arraycopy(counts, i, counts, i + 1, open - i);
        System.arraycopy(sums, i, sums, i + 1, open - i);
        starts[i] = windowStart;
        counts[i] = 0;
        sums[i] = 0;
        open++;
    }

    /** Drops the first open window (after it was emitted). */
    void dropFirst() {
        System.arraycopy(starts, 1, starts, 0, open - 1);
        System.arraycopy(counts, 1, counts, 0, open - 1);
        System.arraycopy(sums, 1, sums, 0, open - 1);
        open--;
    }

    /** The store key: {@code AS<asn>|<signal>}. */
    String key() {
        return keyOf(signal, asn);
    }

    static String keyOf(final FoldedSignal signal, final long asn) {
        return entityOf(asn) + "|" + signal.id();
    }

    static String entityOf(final long asn) {
        return "AS" + asn;
    }

    byte[] toBytes() {
        final ByteBuffer out = ByteBuffer.allocate(1 + 8 + 8 + 4 + open * 24);
        out.put(FORMAT).putLong(lastSeen).putLong(nextWindowStart).putInt(open);
        for (int i = 0; i < open; i++) {
            out.putLong(starts[i]).putLong(counts[i]).putDouble(sums[i]);
        }
        return out.array();
    }

    /** Reads a series from its store key and bytes; null when the key is not a series key. */
    static SeriesState fromBytes(final String key, final byte[] bytes) {
        final int bar = key.indexOf('|');
        if (bar < 3 || !key.startsWith("AS")) {
            return null;
        }
        final FoldedSignal signal = FoldedSignal.byId(key.substring(bar + 1));
        if (signal == null) {
            return null;
        }
        final long asn = Long.parseLong(key.substring(2, bar));
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != FORMAT) {
            throw new IllegalStateException("Unknown format of series state " + key);
        }
        final long lastSeen = in.getLong();
        final SeriesState state = new SeriesState(signal, asn, in.getLong(), lastSeen);
        final int open = in.getInt();
        for (int i = 0; i < open; i++) {
            final long start = in.getLong();
            state.insertAt(i, start);
            state.counts[i] = in.getLong();
            state.sums[i] = in.getDouble();
        }
        return state;
    }
}
