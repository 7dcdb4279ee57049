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
 * {@link Sum} of the ASN points added so far. Encoded for the rollup's store.
 */
final class CountryWindows {
    private final TreeMap<Long, Sum> windows;

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

    /** Removes and returns the earliest window when it ends at or before {@code end}; else null. */
    Map.Entry<Long, Sum> pollEndingBy(final long end, final long sizeMillis) {
        if (windows.isEmpty() || windows.firstKey() + sizeMillis > end) {
            return null;
        }
        return windows.pollFirstEntry();
    }
}
