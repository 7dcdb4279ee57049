package org.outagewatch.ingest.asn;

/** Fast IPv4 text to number, without {@link java.net.InetAddress} (no lookups, no allocation). */
public final class Ipv4 {
    private Ipv4() {
    }

    /**
     * The address as an unsigned 32-bit value in a long, or -1 when the text (from {@code from} to {@code to})
     * is not a dotted quad.
     */
    public static long parse(final CharSequence text, final int from, final int to) {
        long address = 0;
        int octet = -1;
        int dots = 0;
        for (int i = from; i < to; i++) {
            final char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                octet = octet < 0 ? c - '0' : octet * 10 + (c - '0');
                if (octet > 255) {
                    return -1;
                }
            } else if (c == '.' && octet >= 0 && dots < 3) {
                address = address << 8 | octet;
                octet = -1;
                dots++;
            } else {
                return -1;
            }
        }
        if (dots != 3 || octet < 0) {
            return -1;
        }
        return address << 8 | octet;
    }

    /** {@link #parse(CharSequence, int, int)} of the whole text. */
    public static long parse(final CharSequence text) {
        return text == null ? -1 : parse(text, 0, text.length());
    }

    /** Dotted-quad text of an address. */
    public static String format(final long address) {
        return (address >>> 24 & 255) + "." + (address >>> 16 & 255) + "." + (address >>> 8 & 255) + "." + (address & 255);
    }
}
