package org.outagewatch.ingest.bgp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A BGP AS_PATH: segments of ASNs, each an AS_SEQUENCE, AS_SET, AS_CONFED_SEQUENCE or AS_CONFED_SET. Immutable.
 * {@link #toString()} is bgpdump's text: sequences space-separated, sets {@code {a,b}}, confederation sequences
 * {@code (a b)} and sets {@code [a,b]}, segments separated by a space.
 */
public final class AsPath {
    public static final int AS_SET = 1;
    public static final int AS_SEQUENCE = 2;
    public static final int AS_CONFED_SEQUENCE = 3;
    public static final int AS_CONFED_SET = 4;
    /** The 2-byte ASN that stands in for a 4-byte one (RFC 6793). */
    public static final long AS_TRANS = 23456;
    public static final AsPath EMPTY = new AsPath(new int[0], new long[0][]);

    private final int[] types;
    private final long[][] asns;
    private String text;

    private AsPath(final int[] types, final long[][] asns) {
        this.types = types;
        this.asns = asns;
    }

    /** A path of one AS_SEQUENCE. */
    public static AsPath sequence(final long... asns) {
        return new AsPath(new int[] {AS_SEQUENCE}, new long[][] {asns.clone()});
    }

    /** Builds a path from parallel arrays of segment types and members (copied). */
    public static AsPath of(final int[] types, final long[][] asns) {
        final long[][] copy = new long[asns.length][];
        for (int i = 0; i < asns.length; i++) {
            copy[i] = asns[i].clone();
        }
        return new AsPath(types.clone(), copy);
    }

    static AsPath wrap(final int[] types, final long[][] asns) {
        return new AsPath(types, asns);
    }

    public int segmentCount() {
        return types.length;
    }

    public int segmentType(final int segment) {
        return types[segment];
    }

    public long[] segment(final int segment) {
        return asns[segment].clone();
    }

    /** Every ASN in order, sets and confederation segments flattened. */
    public List<Long> flatten() {
        final List<Long> all = new ArrayList<>();
        for (final long[] segment : asns) {
            for (final long asn : segment) {
                all.add(asn);
            }
        }
        return all;
    }

    /** The origin ASN: the last ASN of the path, or -1 for an empty path. */
    public long originAsn() {
        for (int i = asns.length - 1; i >= 0; i--) {
            if (asns[i].length > 0) {
                return asns[i][asns[i].length - 1];
            }
        }
        return -1;
    }

    /** The path length of RFC 4271 section 9.1.2.2: a set counts one, confederation segments nothing. */
    public int length() {
        int length = 0;
        for (int i = 0; i < types.length; i++) {
            if (types[i] == AS_SEQUENCE) {
                length += asns[i].length;
            } else if (types[i] == AS_SET) {
                length += 1;
            }
        }
        return length;
    }

    /**
     * Rebuilds the real path of a 2-byte session from its AS_PATH and AS4_PATH (RFC 6793 section 4.2.3): when the
     * AS4_PATH is longer the AS_PATH stands; otherwise the leading part of the AS_PATH is kept and the AS4_PATH
     * appended.
     */
    public AsPath mergeAs4(final AsPath as4Path) {
        final int keep = length() - as4Path.length();
        if (keep < 0) {
            return this;
        }
        final List<Integer> mergedTypes = new ArrayList<>();
        final List<long[]> mergedAsns = new ArrayList<>();
        int kept = 0;
        for (int i = 0; i < types.length && kept < keep; i++) {
            if (types[i] == AS_SEQUENCE) {
                final int take = Math.min(asns[i].length, keep - kept);
                mergedTypes.add(AS_SEQUENCE);
                mergedAsns.add(Arrays.copyOf(asns[i], take));
                kept += take;
            } else {
                mergedTypes.add(types[i]);
                mergedAsns.add(asns[i]);
                kept += types[i] == AS_SET ? 1 : 0;
            }
        }
        for (int i = 0; i < as4Path.types.length; i++) {
            mergedTypes.add(as4Path.types[i]);
            mergedAsns.add(as4Path.asns[i]);
        }
        final int[] t = new int[mergedTypes.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = mergedTypes.get(i);
        }
        return new AsPath(t, mergedAsns.toArray(new long[0][]));
    }

    @Override
    public String toString() {
        String result = text;
        if (result == null) {
            final StringBuilder out = new StringBuilder(asns.length * 24);
            for (int i = 0; i < types.length; i++) {
                if (i > 0) {
                    out.append(' ');
                }
                final int type = types[i];
                final char separator = type == AS_SET || type == AS_CONFED_SET ? ',' : ' ';
                if (type == AS_SET) {
                    out.append('{');
                } else if (type == AS_CONFED_SEQUENCE) {
                    out.append('(');
                } else if (type == AS_CONFED_SET) {
                    out.append('[');
                }
                final long[] segment = asns[i];
                for (int j = 0; j < segment.length; j++) {
                    if (j > 0) {
                        out.append(separator);
                    }
                    out.append(segment[j]);
                }
                if (type == AS_SET) {
                    out.append('}');
                } else if (type == AS_CONFED_SEQUENCE) {
                    out.append(')');
                } else if (type == AS_CONFED_SET) {
                    out.append(']');
                }
            }
            result = out.toString();
            text = result;
        }
        return result;
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof AsPath path && Arrays.equals(types, path.types) && Arrays.deepEquals(asns, path.asns);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(types) + Arrays.deepHashCode(asns);
    }
}
