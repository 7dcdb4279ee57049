package org.outagewatch.detector.routing;

/**
 * IPv4 prefixes as {@code long} keys, {@code address << 8 | length}, so that a full table is not a million
 * strings; {@link #text(long)} gives the canonical CIDR text back.
 */
final class Ipv4Keys {
    static final long NONE = -1;

    private Ipv4Keys() {
    }

    /** The key of an IPv4 CIDR prefix such as {@code 192.0.2.0/24}, or {@link #NONE} when it is not one. */
    static long of(final String prefix) {
        long address = 0;
        int octets = 0;
        int value = -1;
        int i = 0;
        for (; i < prefix.length(); i++) {
            final char c = prefix.charAt(i);
            if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return NONE;
                }
            } else if ((c == '.' || c == '/') && value >= 0) {
                address = address << 8 | value;
                octets++;
                value = -1;
                if (c == '/') {
                    break;
                }
            } else {
                return NONE;
            }
        }
        final int length = Prefixes.length(prefix);
        return octets == 4 && i < prefix.length() && length >= 0 && length <= 32 ? address << 8 | length : NONE;
    }

    static int length(final long key) {
        return (int) (key & 0xff);
    }

    static String text(final long key) {
        final long address = key >>> 8;
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff)
                + "/" + length(key);
    }

    /** The /24s of a prefix, by {@link Prefixes#units(String)}. */
    static long units(final long key) {
        final int length = length(key);
        return length > 24 ? 0 : 1L << (24 - length);
    }
}
