package org.outagewatch.ingest.bgp;

import java.net.InetAddress;
import java.net.UnknownHostException;

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

    /**
     * An address literal (IPv4 dotted quad or IPv6) in this class's canonical text.
     *
     * @throws IllegalArgumentException when it is not an address literal
     */
    static String canonicalAddress(final String text) {
        final byte[] bytes = literal(text);
        return bytes.length == 4 ? ipv4(bytes, 0) : ipv6(bytes, 0);
    }

    /**
     * A prefix {@code address/length} in canonical text with its host bits cleared, as the MRT decoder writes it.
     *
     * @throws IllegalArgumentException when it is not a prefix
     */
    static String canonicalPrefix(final String text) {
        final int slash = text.indexOf('/');
        if (slash < 0 || slash == text.length() - 1 || text.length() - slash > 4) {
            throw new IllegalArgumentException("not a prefix: '" + text + "'");
        }
        final byte[] bytes = literal(text.substring(0, slash));
        final int length;
        try {
            length = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a prefix length: '" + text + "'", e);
        }
        if (length < 0 || length > bytes.length * 8) {
            throw new IllegalArgumentException("prefix length out of range: '" + text + "'");
        }
        for (int bit = length; bit < bytes.length * 8; bit++) {
            bytes[bit >>> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
        return (bytes.length == 4 ? ipv4(bytes, 0) : ipv6(bytes, 0)) + "/" + length;
    }

    private static byte[] literal(final String text) {
        final boolean ipv6 = text.indexOf(':') >= 0;
        if (text.isEmpty() || text.length() > 45) {
            throw new IllegalArgumentException("not an address: '" + text + "'");
        }
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            final boolean ok = c >= '0' && c <= '9' || c == '.' || ipv6 && (c == ':' || c >= 'a' && c <= 'f'
                    || c >= 'A' && c <= 'F');
            if (!ok) {
                throw new IllegalArgumentException("not an address: '" + text + "'");
            }
        }
        if (!ipv6) {
            return ipv4Literal(text);
        }
        final byte[] bytes;
        try {
            // has a colon and only hex digits, dots and colons: parsed as an IPv6 literal, never a name lookup
            bytes = InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: '" + text + "'", e);
        }
        if (ipv6 && bytes.length == 4) {
            // an IPv4-mapped literal comes back as IPv4
            final byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            return mapped;
        }
        return bytes;
    }

    private static byte[] ipv4Literal(final String text) {
        final byte[] bytes = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            final char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) {
                    throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
                }
                bytes[part++] = (byte) value;
                value = -1;
            } else {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
                }
            }
        }
        if (part != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        }
        return bytes;
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
