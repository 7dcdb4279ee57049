package org.outagewatch.ingest.bgp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a BGP path attribute block (RFC 4271 section 4.3) into {@link PathAttributes} and the MP_REACH /
 * MP_UNREACH prefixes (RFC 4760). ASNs in AS_PATH are 2 or 4 bytes as the session was; for 2-byte sessions
 * AS4_PATH and AS4_AGGREGATOR are merged in (RFC 6793 section 4.2.3). In TABLE_DUMP_V2 RIB entries the
 * MP_REACH attribute holds only the next hop (RFC 6396 section 4.3.4); the full form is accepted there too.
 * Unknown attributes, LARGE_COMMUNITIES and malformed AGGREGATORs are skipped.
 */
final class AttributeDecoder {
    static final int ORIGIN = 1;
    static final int AS_PATH = 2;
    static final int NEXT_HOP = 3;
    static final int MED = 4;
    static final int LOCAL_PREF = 5;
    static final int ATOMIC_AGGREGATE = 6;
    static final int AGGREGATOR = 7;
    static final int COMMUNITIES = 8;
    static final int MP_REACH = 14;
    static final int MP_UNREACH = 15;
    static final int AS4_PATH = 17;
    static final int AS4_AGGREGATOR = 18;
    private static final int EXTENDED_LENGTH = 0x10;
    private static final long NO_EXPORT = 0xFFFFFF01L;
    private static final long NO_ADVERTISE = 0xFFFFFF02L;
    private static final long LOCAL_AS = 0xFFFFFF03L;

    /** What an attribute block holds. */
    record Decoded(PathAttributes attributes, MpNlri reach, MpNlri unreach) {
    }

    private AttributeDecoder() {
    }

    /**
     * @param in the attribute block
     * @param asnBytes 2 or 4: the size of ASNs in AS_PATH and AGGREGATOR
     * @param addPath whether MP prefixes carry path ids
     * @param ribAfi the AFI of a TABLE_DUMP_V2 RIB entry (MP_REACH may be abbreviated), 0 in an UPDATE
     */
    static Decoded decode(final ByteCursor in, final int asnBytes, final boolean addPath, final int ribAfi) {
        int origin = -1;
        AsPath asPath = null;
        AsPath as4Path = null;
        String nextHop = null;
        long med = -1;
        long localPref = -1;
        boolean atomicAggregate = false;
        long aggregatorAsn = -1;
        String aggregatorAddress = null;
        long as4AggregatorAsn = -1;
        String as4AggregatorAddress = null;
        String communities = null;
        MpNlri reach = null;
        MpNlri unreach = null;
        while (in.hasRemaining()) {
            final int flags = in.u8("attribute flags");
            final int type = in.u8("attribute type");
            final int length = (flags & EXTENDED_LENGTH) != 0 ? in.u16("attribute length") : in.u8("attribute length");
            in.require(length, type, "attribute");
            final ByteCursor value = in.slice(length, "attribute");
            switch (type) {
                case ORIGIN -> origin = length >= 1 ? value.u8("ORIGIN") : -1;
                case AS_PATH -> asPath = asPath(value, asnBytes);
                case NEXT_HOP -> nextHop = length == 4 ? value.address(4, "NEXT_HOP") : null;
                case MED -> med = value.u32("MULTI_EXIT_DISC");
                case LOCAL_PREF -> localPref = value.u32("LOCAL_PREF");
                case ATOMIC_AGGREGATE -> atomicAggregate = true;
                case AGGREGATOR -> {
                    if (length == 6 || length == 8) {
                        aggregatorAsn = length == 6 ? value.u16("AGGREGATOR") : value.u32("AGGREGATOR");
                        aggregatorAddress = value.address(4, "AGGREGATOR");
                    }
                }
                case COMMUNITIES -> communities = communities(value);
                case MP_REACH -> reach = mpReach(value, addPath, ribAfi, length);
                case MP_UNREACH -> unreach = mpUnreach(value, addPath);
                case AS4_PATH -> as4Path = asPath(value, 4);
                case AS4_AGGREGATOR -> {
                    if (length == 8) {
                        as4AggregatorAsn = value.u32("AS4_AGGREGATOR");
                        as4AggregatorAddress = value.address(4, "AS4_AGGREGATOR");
                    }
                }
                default -> {
                    // attributes no element shows (ORIGINATOR_ID, CLUSTER_LIST, LARGE_COMMUNITIES, ...)
                }
            }
        }
        if (asnBytes == 2) {
            boolean useAs4Path = true;
            if (as4AggregatorAsn >= 0) {
                if (aggregatorAsn == AsPath.AS_TRANS) {
                    aggregatorAsn = as4AggregatorAsn;
                    aggregatorAddress = as4AggregatorAddress;
                } else {
                    useAs4Path = false;
                }
            }
            if (useAs4Path && as4Path != null && asPath != null) {
                asPath = asPath.mergeAs4(as4Path);
            }
        }
        return new Decoded(new PathAttributes(origin, asPath, nextHop, med, localPref, atomicAggregate, aggregatorAsn,
                aggregatorAddress, communities), reach, unreach);
    }

    private static AsPath asPath(final ByteCursor in, final int asnBytes) {
        int[] types = new int[2];
        long[][] segments = new long[2][];
        int n = 0;
        while (in.hasRemaining()) {
            final int type = in.u8("AS_PATH segment type");
            final int count = in.u8("AS_PATH segment length");
            in.require(count * asnBytes, count, "AS_PATH segment with ASN count");
            final long[] asns = new long[count];
            for (int i = 0; i < count; i++) {
                asns[i] = asnBytes == 4 ? in.u32("ASN") : in.u16("ASN");
            }
            if (n == types.length) {
                types = Arrays.copyOf(types, n * 2);
                segments = Arrays.copyOf(segments, n * 2);
            }
            types[n] = type;
            segments[n++] = asns;
        }
        return AsPath.wrap(n == types.length ? types : Arrays.copyOf(types, n),
                n == segments.length ? segments : Arrays.copyOf(segments, n));
    }

    private static String communities(final ByteCursor in) {
        final StringBuilder text = new StringBuilder(in.remaining() * 3);
        while (in.remaining() >= 4) {
            final long value = in.u32("COMMUNITIES");
            if (text.length() > 0) {
                text.append(' ');
            }
            if (value == NO_EXPORT) {
                text.append("no-export");
            } else if (value == NO_ADVERTISE) {
                text.append("no-advertise");
            } else if (value == LOCAL_AS) {
                text.append("local-AS");
            } else {
                text.append(value >>> 16).append(':').append(value & 0xffff);
            }
        }
        return text.toString();
    }

    private static MpNlri mpReach(final ByteCursor in, final boolean addPath, final int ribAfi, final int length) {
        if (ribAfi != 0 && length > 0 && in.data()[in.position()] == length - 1) {
            final int nextHopLength = in.u8("MP_REACH next hop length");
            return new MpNlri(ribAfi, MpNlri.SAFI_UNICAST, nextHop(in, nextHopLength), List.of());
        }
        final int afi = in.u16("MP_REACH AFI");
        final int safi = in.u8("MP_REACH SAFI");
        final int nextHopLength = in.u8("MP_REACH next hop length");
        final String nextHop = nextHop(in, nextHopLength);
        if (!in.hasRemaining()) {
            return new MpNlri(afi, safi, nextHop, List.of());
        }
        in.skip(1, "MP_REACH reserved byte");
        final MpNlri reach = new MpNlri(afi, safi, nextHop, new ArrayList<>());
        if (reach.shown()) {
            readPrefixes(in, afi, addPath, reach.prefixes());
        }
        return reach;
    }

    private static MpNlri mpUnreach(final ByteCursor in, final boolean addPath) {
        final int afi = in.u16("MP_UNREACH AFI");
        final int safi = in.u8("MP_UNREACH SAFI");
        final MpNlri unreach = new MpNlri(afi, safi, null, new ArrayList<>());
        if (unreach.shown()) {
            readPrefixes(in, afi, addPath, unreach.prefixes());
        }
        return unreach;
    }

    /**
     * Reads MP prefixes. Some writers (bird) put ADD-PATH path ids in records whose subtype says no ADD-PATH: when
     * the prefixes do not decode without path ids but do with them, they are read with them.
     */
    private static void readPrefixes(final ByteCursor in, final int afi, final boolean addPath, final List<NlriEntry> out) {
        final ByteCursor retry = addPath ? null : in.duplicate();
        try {
            NlriDecoder.readAll(in, afi, addPath, out);
        } catch (MrtDecodeException e) {
            if (retry == null) {
                throw e;
            }
            final List<NlriEntry> withPathIds = new ArrayList<>();
            try {
                NlriDecoder.readAll(retry, afi, true, withPathIds);
            } catch (MrtDecodeException ignored) {
                throw e;
            }
            out.clear();
            out.addAll(withPathIds);
        }
    }

    private static String nextHop(final ByteCursor in, final int length) {
        in.require(length, "MP_REACH next hop");
        final String text = length == 4 ? IpText.ipv4(in.data(), in.position())
                : length == 16 || length == 32 ? IpText.ipv6(in.data(), in.position()) : null;
        in.skip(length, "MP_REACH next hop");
        return text;
    }
}
