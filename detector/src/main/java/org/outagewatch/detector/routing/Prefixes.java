package org.outagewatch.detector.routing;

/**
 * How much address space a prefix counts for. IPv4: a prefix of length {@code len <= 24} counts
 * {@code 2^(24-len)} /24s, a longer one counts 0 (IODA counts /24s; a /25 is not a routable /24). IPv6: a prefix of
 * length {@code len <= 48} counts {@code 2^(48-len)} /48s, a longer one 0, under the separate signal
 * {@value #IPV6_SIGNAL}.
 */
public final class Prefixes {
    /** The IPv4 signal: visible /24s. */
    public static final String IPV4_SIGNAL = "routing.visible-slash24";
    /** The IPv6 signal: visible /48s. */
    public static final String IPV6_SIGNAL = "routing.visible-slash48";

    private Prefixes() {
    }

    /** Whether a CIDR prefix is IPv6. */
    public static boolean ipv6(final String prefix) {
        return prefix.indexOf(':') >= 0;
    }

    /** The prefix length of a CIDR prefix, or -1 when it has none or it is out of range for the family. */
    public static int length(final String prefix) {
        final int slash = prefix.lastIndexOf('/');
        if (slash < 0 || slash == prefix.length() - 1 || prefix.length() - slash > 4) {
            return -1;
        }
        int len = 0;
        for (int i = slash + 1; i < prefix.length(); i++) {
            final char c = prefix.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            len = len * 10 + (c - '0');
        }
        return len <= (ipv6(prefix) ? 128 : 32) ? len : -1;
    }

    /** The /24s (IPv4) or /48s (IPv6) a prefix counts for, by the rule above; 0 for a malformed prefix. */
    public static long units(final String prefix) {
        final int len = length(prefix);
        final int unit = ipv6(prefix) ? 48 : 24;
        return len < 0 || len > unit ? 0 : 1L << (unit - len);
    }
}
