package org.outagewatch.ingest.bgp;

import java.util.List;

/** Decodes NLRI prefixes (RFC 4271 section 4.3, RFC 4760; path ids of RFC 7911 when ADD-PATH is on). */
final class NlriDecoder {
    private NlriDecoder() {
    }

    /** Reads prefixes until the cursor is exhausted. */
    static void readAll(final ByteCursor in, final int afi, final boolean addPath, final List<NlriEntry> out) {
        while (in.hasRemaining()) {
            final long pathId = addPath ? in.u32("ADD-PATH path id") : -1;
            out.add(new NlriEntry(readPrefix(in, afi), pathId));
        }
    }

    /**
     * Reads prefixes until the cursor is exhausted or the rest is too short for the next prefix, as bgpdump does with
     * the trailing NLRI of an UPDATE: the complete prefixes are kept.
     *
     * @return true when trailing bytes were left that do not make a prefix
     */
    static boolean readComplete(final ByteCursor in, final int afi, final boolean addPath, final List<NlriEntry> out) {
        while (in.hasRemaining()) {
            final int header = addPath ? 5 : 1;
            if (in.remaining() < header) {
                return true;
            }
            final int length = in.data()[in.position() + header - 1] & 0xff;
            if (in.remaining() < header + ((length + 7) >>> 3)) {
                return true;
            }
            final long pathId = addPath ? in.u32("ADD-PATH path id") : -1;
            out.add(new NlriEntry(readPrefix(in, afi), pathId));
        }
        return false;
    }

    /** Reads one length-prefixed prefix and returns it as CIDR text with its host bits cleared. */
    static String readPrefix(final ByteCursor in, final int afi) {
        final int length = in.u8("prefix length");
        final int max = afi == MpNlri.AFI_IPV6 ? 128 : 32;
        if (length > max) {
            throw in.error("prefix length " + length + " exceeds " + max);
        }
        return readPrefixBits(in, afi, length);
    }

    /** Reads the bytes of a prefix of a known length. */
    static String readPrefixBits(final ByteCursor in, final int afi, final int length) {
        final int bytes = (length + 7) >>> 3;
        in.require(bytes, "prefix of /" + length);
        final byte[] address = new byte[afi == MpNlri.AFI_IPV6 ? 16 : 4];
        System.arraycopy(in.data(), in.position(), address, 0, bytes);
        in.skip(bytes, "prefix");
        if ((length & 7) != 0) {
            address[bytes - 1] &= (byte) (0xff << (8 - (length & 7)));
        }
        final StringBuilder text = new StringBuilder(afi == MpNlri.AFI_IPV6 ? 43 : 18);
        if (afi == MpNlri.AFI_IPV6) {
            IpText.appendIpv6(text, address, 0);
        } else {
            IpText.appendIpv4(text, address, 0);
        }
        return text.append('/').append(length).toString();
    }
}
