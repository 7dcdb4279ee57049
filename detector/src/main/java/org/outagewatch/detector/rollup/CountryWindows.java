package org.outagewatch.detector.rollup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The open windows of one country series ({@code <country entity>|<signal>}), by window start, each a running
 * {@link Sum} of the ASN points added so far; the end of the last window emitted; and how many ASN points a window
 * is expected to have ({@link #expected()}, -1 before the first), so a window with as many can close without
 * waiting. The expectation rises with the count of any closed window; it falls only after windows closed short (by
 * the delay) for {@value #RELEARN_WINDOWS} windows in a row (a network gone for good), not after one partition
 * fell behind once. A window closed short before that is not to be emitted ({@link #lastClosedComplete()}): its
 * sum lacks networks whose points are late, and would read as a drop. Encoded for the rollup's store.
 */
final class CountryWindows {
    static final long NONE = Long.MIN_VALUE;
    /** Windows closed short in a row after which the expected count falls to what they had. */
    static final int RELEARN_WINDOWS = 12;

    private final TreeMap<Long, Sum> windows;
    private long emittedThrough = NONE;
    private int expected = -1;
    private long shortSince = NONE;
    private boolean lastComplete;

    private CountryWindows(final TreeMap<Long, Sum> windows) {
        this.windows = windows;
    }

    /** The running sums of one window. */
    static final class Sum {
        /** The sum of the values (SUM) or of value x coverage (WEIGHTED_SHARE). */
        private double weighted;
        private long coverage;
        private int points;
        private final TreeMap<String, Long> breakdown = new TreeMap<>();

        void add(final RollupRule rule, final double value, final long pointCoverage, final Map<String, Long> counts) {
            points++;
            weighted += rule == RollupRule.SUM ? value : value * pointCoverage;
            coverage += pointCoverage;
            if (counts != null) {
                counts.forEach((name, count) -> breakdown.merge(name, count, Long::sum));
            }
        }

        /** The country's value under {@code rule}: the sum, or the coverage-weighted mean (0 without coverage). */
        double value(final RollupRule rule) {
            if (rule == RollupRule.SUM) {
                return weighted;
            }
            return coverage > 0 ? weighted / coverage : 0.0;
        }

        long coverage() {
            return coverage;
        }

        /** The ASN points added. */
        int points() {
            return points;
        }

        Map<String, Long> breakdown() {
            return breakdown;
        }
    }

    static CountryWindows decode(final byte[] bytes) {
        final TreeMap<Long, Sum> windows = new TreeMap<>();
        if (bytes == null) {
            return new CountryWindows(windows);
        }
        final CountryWindows decoded = new CountryWindows(windows);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            decoded.emittedThrough = in.readLong();
            decoded.expected = in.readInt();
            decoded.shortSince = in.readLong();
            final int n = in.readInt();
            for (int w = 0; w < n; w++) {
                final long start = in.readLong();
                final Sum sum = new Sum();
                sum.weighted = in.readDouble();
                sum.coverage = in.readLong();
                sum.points = in.readInt();
                final int names = in.readInt();
                for (int i = 0; i < names; i++) {
                    sum.breakdown.put(in.readUTF(), in.readLong());
                }
                windows.put(start, sum);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("Corrupt country rollup state", e);
        }
        return decoded;
    }

    byte[] encode() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + windows.size() * 36);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(emittedThrough);
            out.writeInt(expected);
            out.writeLong(shortSince);
            out.writeInt(windows.size());
            for (final Map.Entry<Long, Sum> e : windows.entrySet()) {
                final Sum sum = e.getValue();
                out.writeLong(e.getKey());
                out.writeDouble(sum.weighted);
                out.writeLong(sum.coverage);
                out.writeInt(sum.points);
                out.writeInt(sum.breakdown.size());
                for (final Map.Entry<String, Long> name : sum.breakdown.entrySet()) {
                    out.writeUTF(name.getKey());
                    out.writeLong(name.getValue());
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The sum of the window starting at {@code start}, created empty when absent. */
    Sum window(final long start) {
        return windows.computeIfAbsent(start, s -> new Sum());
    }

    boolean isEmpty() {
        return windows.isEmpty();
    }

    /** True when the window with this start was emitted already. */
    boolean emitted(final long windowStart, final long sizeMillis) {
        return emittedThrough != NONE && windowStart + sizeMillis <= emittedThrough;
    }

    /** The ASN points of the last window emitted, or -1 before the first. */
    int expected() {
        return expected;
    }

    /**
     * Removes and returns the earliest window when it may be emitted: it ends at or before {@code forcedEnd} (the
     * rollup delay has passed), or it ends at or before {@code seen} (a later window has begun) and has as many ASN
     * points as the last window emitted; else null. Windows are emitted in order.
     */
    Map.Entry<Long, Sum> pollClosable(final long forcedEnd, final long seen, final long sizeMillis) {
        if (windows.isEmpty()) {
            return null;
        }
        final long end = windows.firstKey() + sizeMillis;
        final boolean forced = end <= forcedEnd;
        final boolean complete = expected >= 0 && windows.firstEntry().getValue().points >= expected && end <= seen;
        if (!forced && !complete) {
            return null;
        }
        final Map.Entry<Long, Sum> first = windows.pollFirstEntry();
        final int points = first.getValue().points;
        emittedThrough = end;
        lastComplete = true;
        if (points >= expected) {
            expected = points;
            shortSince = NONE;
        } else if (shortSince == NONE) {
            shortSince = first.getKey();
            lastComplete = false;
        } else if (end - shortSince >= RELEARN_WINDOWS * sizeMillis) {
            expected = points;
            shortSince = NONE;
        } else {
            lastComplete = false;
        }
        return first;
    }

    /** False when the window {@link #pollClosable} returned last closed short and is not to be emitted. */
    boolean lastClosedComplete() {
        return lastComplete;
    }
}
