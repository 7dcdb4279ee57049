package org.outagewatch.ingest.asn;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An immutable prefix-to-origin-ASN table answering longest-prefix-match lookups.
 *
 * <p>IPv4: the prefixes (or address ranges) are flattened once into disjoint, sorted address intervals, each
 * holding the ASN of the most specific prefix covering it; a lookup is one binary search over a primitive
 * {@code int[]} (about 20 comparisons for a full table), with no allocation. IPv6: one hash map per prefix
 * length (up to /64, the routed sizes), tried from the longest length down. Build with {@link Builder}.
 */
public final class PrefixTable {
    /** What {@link #lookup} returns when no prefix covers the address. */
    public static final long NO_ASN = 0;

    private final int[] starts;
    private final int[] ends;
    private final int[] asns;
    private final int[] v6Lengths;
    private final Map<Long, Integer>[] v6ByLength;
    private final int v4Prefixes;
    private final int v6Prefixes;

    private PrefixTable(final int[] starts, final int[] ends, final int[] asns, final int[] v6Lengths,
                        final Map<Long, Integer>[] v6ByLength, final int v4Prefixes, final int v6Prefixes) {
        this.starts = starts;
        this.ends = ends;
        this.asns = asns;
        this.v6Lengths = v6Lengths;
        this.v6ByLength = v6ByLength;
        this.v4Prefixes = v4Prefixes;
        this.v6Prefixes = v6Prefixes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** IPv4 prefixes or ranges loaded. */
    public int ipv4Prefixes() {
        return v4Prefixes;
    }

    /** IPv6 prefixes loaded. */
    public int ipv6Prefixes() {
        return v6Prefixes;
    }

    /** Disjoint IPv4 intervals after flattening. */
    public int ipv4Intervals() {
        return starts.length;
    }

    /** The origin ASN of an IPv4 address given as an unsigned 32-bit value, or {@link #NO_ASN}. */
    public long lookupIpv4(final long address) {
        final int key = (int) address ^ Integer.MIN_VALUE;
        int low = 0;
        int high = starts.length - 1;
        int found = -1;
        while (low <= high) {
            final int mid = (low + high) >>> 1;
            if (starts[mid] <= key) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (found < 0 || ends[found] < key) {
            return NO_ASN;
        }
        return Integer.toUnsignedLong(asns[found]);
    }

    /** The origin ASN of an IPv6 address given by its upper 64 bits, or {@link #NO_ASN}. */
    public long lookupIpv6(final long upper64) {
        for (int i = 0; i < v6Lengths.length; i++) {
            final int length = v6Lengths[i];
            final Integer asn = v6ByLength[i].get(upper64 & mask64(length));
            if (asn != null) {
                return Integer.toUnsignedLong(asn);
            }
        }
        return NO_ASN;
    }

    /**
     * The origin ASN of an address written as text (IPv4 dotted quad or IPv6), or {@link #NO_ASN} when no prefix
     * covers it or the text is not an address literal (a host name is never resolved).
     */
    public long lookup(final String address) {
        if (address == null || address.isEmpty()) {
            return NO_ASN;
        }
        final long v4 = Ipv4.parse(address);
        if (v4 >= 0) {
            return lookupIpv4(v4);
        }
        final OptionalLong upper = ipv6Upper(address);
        return upper.isPresent() ? lookupIpv6(upper.getAsLong()) : NO_ASN;
    }

    /** The upper 64 bits of an IPv6 literal, empty when the text is not one (a host name is never resolved). */
    static OptionalLong ipv6Upper(final String text) {
        final int slash = text.indexOf('/');
        final String literal = slash < 0 ? text : text.substring(0, slash);
        if (literal.indexOf(':') < 0 || !literal.matches("[0-9A-Fa-f:.]+")) {
            return OptionalLong.empty();
        }
        try {
            final byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (bytes.length != 16) {
                return OptionalLong.empty();
            }
            long upper = 0;
            for (int i = 0; i < 8; i++) {
                upper = upper << 8 | (bytes[i] & 0xff);
            }
            return OptionalLong.of(upper);
        } catch (UnknownHostException e) {
            return OptionalLong.empty();
        }
    }

    private static long mask64(final int length) {
        return length == 0 ? 0 : -1L << (64 - length);
    }

    /** Collects prefixes and ranges, then flattens them into a {@link PrefixTable}. Not thread-safe. */
    public static final class Builder {
        private long[] v4Start = new long[1024];
        private long[] v4End = new long[1024];
        private int[] v4Asn = new int[1024];
        private int v4Count;
        private final Map<Integer, Map<Long, Integer>> v6 = new HashMap<>();
        private int v6Count;

        /** Adds an IPv4 range [first, last] (unsigned 32-bit values) originated by an ASN. */
        public Builder addIpv4Range(final long first, final long last, final long asn) {
            if (first < 0 || last > 0xffffffffL || first > last) {
                throw new IllegalArgumentException("Bad IPv4 range " + first + ".." + last);
            }
            if (v4Count == v4Start.length) {
                v4Start = Arrays.copyOf(v4Start, v4Count * 2);
                v4End = Arrays.copyOf(v4End, v4Count * 2);
                v4Asn = Arrays.copyOf(v4Asn, v4Count * 2);
            }
            v4Start[v4Count] = first;
            v4End[v4Count] = last;
            v4Asn[v4Count] = (int) asn;
            v4Count++;
            return this;
        }

        /**
         * Adds a prefix in CIDR text ({@code 1.0.0.0/24} or {@code 2001:db8::/32}) originated by an ASN.
         *
         * @throws IllegalArgumentException when the text is not a prefix
         */
        public Builder addPrefix(final String prefix, final long asn) {
            final int slash = prefix.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("Not a prefix (no '/'): " + prefix);
            }
            final int length;
            try {
                length = Integer.parseInt(prefix.substring(slash + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Bad prefix length in " + prefix, e);
            }
            final long v4 = Ipv4.parse(prefix, 0, slash);
            if (v4 >= 0) {
                if (length < 0 || length > 32) {
                    throw new IllegalArgumentException("Bad IPv4 prefix length in " + prefix);
                }
                final long size = 1L << (32 - length);
                final long first = v4 & ~(size - 1) & 0xffffffffL;
                return addIpv4Range(first, first + size - 1, asn);
            }
            final OptionalLong parsed = ipv6Upper(prefix.substring(0, slash));
            if (parsed.isEmpty()) {
                throw new IllegalArgumentException("Not an IPv4 or IPv6 prefix: " + prefix);
            }
            final long upper = parsed.getAsLong();
            if (length < 0 || length > 128) {
                throw new IllegalArgumentException("Bad IPv6 prefix length in " + prefix);
            }
            if (length > 64) {
                return this;
            }
            v6.computeIfAbsent(length, l -> new HashMap<>()).put(upper & mask64(length), (int) asn);
            v6Count++;
            return this;
        }

        /** Flattens the IPv4 ranges (the most specific wins; among equal ones, the last added) and freezes. */
        @SuppressWarnings("unchecked")
        public PrefixTable build() {
            final Integer[] order = new Integer[v4Count];
            for (int i = 0; i < v4Count; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.<Integer>comparingLong(i -> v4Start[i])
                    .thenComparing(Comparator.<Integer>comparingLong(i -> v4End[i]).reversed())
                    .thenComparingInt(i -> i));
            final Intervals out = new Intervals(v4Count + 16);
            final int[] stack = new int[34 + v4Count];
            int depth = 0;
            long cursor = 0;
            for (final int p : order) {
                while (depth > 0 && v4End[stack[depth - 1]] < v4Start[p]) {
                    final int top = stack[--depth];
                    if (cursor <= v4End[top]) {
                        out.add(cursor, v4End[top], v4Asn[top]);
                    }
                    cursor = Math.max(cursor, v4End[top] + 1);
                }
                if (depth > 0 && cursor < v4Start[p]) {
                    out.add(cursor, v4Start[p] - 1, v4Asn[stack[depth - 1]]);
                }
                cursor = Math.max(cursor, v4Start[p]);
                stack[depth++] = p;
            }
            while (depth > 0) {
                final int top = stack[--depth];
                if (cursor <= v4End[top]) {
                    out.add(cursor, v4End[top], v4Asn[top]);
                }
                cursor = Math.max(cursor, v4End[top] + 1);
            }
            final List<Integer> lengths = new ArrayList<>(v6.keySet());
            lengths.sort(Comparator.reverseOrder());
            final int[] v6Lengths = lengths.stream().mapToInt(Integer::intValue).toArray();
            final Map<Long, Integer>[] maps = new Map[v6Lengths.length];
            for (int i = 0; i < v6Lengths.length; i++) {
                maps[i] = Map.copyOf(v6.get(v6Lengths[i]));
            }
            return new PrefixTable(Arrays.copyOf(out.starts, out.count), Arrays.copyOf(out.ends, out.count),
                    Arrays.copyOf(out.asns, out.count), v6Lengths, maps, v4Count, v6Count);
        }
    }

    /** Growing primitive arrays of disjoint intervals, merging neighbours with the same ASN. */
    private static final class Intervals {
        int[] starts;
        int[] ends;
        int[] asns;
        int count;

        Intervals(final int capacity) {
            starts = new int[capacity];
            ends = new int[capacity];
            asns = new int[capacity];
        }

        void add(final long first, final long last, final int asn) {
            final int start = (int) first ^ Integer.MIN_VALUE;
            final int end = (int) last ^ Integer.MIN_VALUE;
            if (count > 0 && asns[count - 1] == asn && ends[count - 1] != Integer.MAX_VALUE
                    && ends[count - 1] + 1 == start) {
                ends[count - 1] = end;
                return;
            }
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
                asns = Arrays.copyOf(asns, count * 2);
            }
            starts[count] = start;
            ends[count] = end;
            asns[count] = asn;
            count++;
        }
    }
}
