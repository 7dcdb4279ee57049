package org.outagewatch.ingest.bgp;

/**
 * Addresses and prefixes as text, the way inet_ntop writes them: dotted quads; IPv6 in lower-case hex with the
 * longest run of zero groups (even a single one, as bgpdump does) (the first of equal runs) written {@code ::}, and IPv4-mapped and
 * IPv4-compatible addresses ending in a dotted quad.
 */
final class IpText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private IpText() {
    }

    static String ipv4(final byte[] b, final int at) {
        final StringBuilder out = new StringBuilder(15);
        appendIpv4(out, b, at);
        return out.toString();
    }

    static String ipv6(final byte[] b, final int at) {
        final StringBuilder out = new StringBuilder(39);
        appendIpv6(out, b, at);
        return out.toString();
    }

    static void appendIpv4(final StringBuilder out, final byte[] b, final int at) {
        out.append(b[at] & 0xff).append('.').append(b[at + 1] & 0xff).append('.').append(b[at + 2] & 0xff).append('.')
                .append(b[at + 3] & 0xff);
    }

    static void appendIpv6(final StringBuilder out, final byte[] b, final int at) {
        int bestStart = -1;
        int bestLength = 0;
        int runStart = -1;
        for (int i = 0; i < 8; i++) {
            final boolean zero = b[at + 2 * i] == 0 && b[at + 2 * i + 1] == 0;
            if (zero) {
                if (runStart < 0) {
                    runStart = i;
                }
                if (i - runStart + 1 > bestLength) {
                    bestStart = runStart;
                    bestLength = i - runStart + 1;
                }
            } else {
                runStart = -1;
            }
        }
        if (bestLength < 1) {
            bestStart = -1;
        }
        final boolean embeddedIpv4 = bestStart == 0 && (bestLength == 6
                || bestLength == 5 && (b[at + 10] & 0xff) == 0xff && (b[at + 11] & 0xff) == 0xff);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            if (embeddedIpv4 && i == 6) {
                appendIpv4(out, b, at + 12);
                return;
            }
            final int word = (b[at + 2 * i] & 0xff) << 8 | b[at + 2 * i + 1] & 0xff;
            appendHex(out, word);
            if (i < 7) {
                out.append(':');
            }
        }
    }

    private static void appendHex(final StringBuilder out, final int word) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            final int digit = word >> shift & 0xf;
            if (digit != 0 || started || shift == 0) {
                out.append(HEX[digit]);
                started = true;
            }
        }
    }
}
