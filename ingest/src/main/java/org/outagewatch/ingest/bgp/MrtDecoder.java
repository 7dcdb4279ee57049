package org.outagewatch.ingest.bgp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns MRT records into {@link BgpElement}s: TABLE_DUMP (RFC 6396 section 4.2), TABLE_DUMP_V2 PEER_INDEX_TABLE
 * and RIB entries of IPv4/IPv6 unicast and multicast, generic and ADD-PATH forms (RFC 6396 4.3, RFC 8050), and
 * BGP4MP / BGP4MP_ET state changes and UPDATE messages in every subtype (AS4, LOCAL, ADDPATH). Other types and
 * other BGP messages (OPEN, KEEPALIVE, NOTIFICATION) give no element. It keeps the last PEER_INDEX_TABLE, so
 * feed it the records of one file in order. The elements of one record come in bgpdump's order: withdrawals,
 * then announcements, classic NLRI before MP ones. Like bgpdump it keeps the complete prefixes of a trailing NLRI
 * field that ends in an incomplete one (counted in {@link #truncatedNlri()}). Not thread-safe.
 */
public final class MrtDecoder {
    public static final int PEER_INDEX_TABLE = 1;
    public static final int RIB_GENERIC = 6;
    public static final int RIB_GENERIC_ADDPATH = 12;
    public static final int BGP4MP_STATE_CHANGE = 0;
    public static final int BGP4MP_MESSAGE = 1;
    public static final int BGP4MP_MESSAGE_AS4 = 4;
    public static final int BGP4MP_STATE_CHANGE_AS4 = 5;
    public static final int BGP4MP_MESSAGE_LOCAL = 6;
    public static final int BGP4MP_MESSAGE_AS4_LOCAL = 7;
    public static final int BGP4MP_MESSAGE_ADDPATH = 8;
    public static final int BGP4MP_MESSAGE_AS4_ADDPATH = 9;
    public static final int BGP4MP_MESSAGE_LOCAL_ADDPATH = 10;
    public static final int BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH = 11;
    private static final int BGP_HEADER = 19;
    private static final int BGP_UPDATE = 2;

    private final List<BgpElement> pending = new ArrayList<>();
    private final List<NlriEntry> nlri = new ArrayList<>();
    private PeerIndexTable peerIndex;
    private long skippedRecords;
    private long truncatedNlri;

    /** The last PEER_INDEX_TABLE seen, or null. */
    public PeerIndexTable peerIndex() {
        return peerIndex;
    }

    /** Records of types or subtypes that carry no element (OSPF, ISIS, unknown subtypes...). */
    public long skippedRecords() {
        return skippedRecords;
    }

    /** UPDATEs whose trailing NLRI ended in an incomplete prefix (the complete ones before it were kept). */
    public long truncatedNlri() {
        return truncatedNlri;
    }

    /**
     * Decodes one record and hands its elements to the sink; a record that cannot be decoded gives none of them.
     *
     * @return the number of elements
     * @throws MrtFormatException (recoverable) when the body does not hold what the type says
     */
    public int decode(final MrtRecord record, final Consumer<BgpElement> sink) throws MrtFormatException {
        pending.clear();
        try {
            switch (record.type()) {
                case MrtRecord.TABLE_DUMP -> tableDump(record);
                case MrtRecord.TABLE_DUMP_V2 -> tableDumpV2(record);
                case MrtRecord.BGP4MP, MrtRecord.BGP4MP_ET -> bgp4mp(record);
                default -> skippedRecords++;
            }
        } catch (MrtDecodeException e) {
            pending.clear();
            final long at = record.offset() + record.length() - record.body().length + e.position();
            throw new MrtFormatException("Bad MRT record (type " + record.type() + ", subtype " + record.subtype()
                    + ", starting at " + record.offset() + "): " + e.getMessage(), at, true, e);
        }
        for (int i = 0; i < pending.size(); i++) {
            sink.accept(pending.get(i));
        }
        final int count = pending.size();
        pending.clear();
        return count;
    }

    private void tableDump(final MrtRecord record) {
        final int subtype = record.subtype();
        if (subtype < 1 || subtype > 4) {
            skippedRecords++;
            return;
        }
        final boolean ipv6 = subtype == 2 || subtype == 4;
        final int asnBytes = subtype >= 3 ? 4 : 2;
        final int addressBytes = ipv6 ? 16 : 4;
        final ByteCursor in = new ByteCursor(record.body());
        in.skip(4, "view and sequence");
        final String address = in.address(addressBytes, "prefix");
        final int length = in.u8("prefix length");
        in.skip(5, "status and originated time");
        final String peer = in.address(addressBytes, "peer address");
        final long peerAsn = asnBytes == 4 ? in.u32("peer AS") : in.u16("peer AS");
        final int attributeLength = in.u16("attribute length");
        final AttributeDecoder.Decoded decoded = AttributeDecoder.decode(in.slice(attributeLength, "attributes"), asnBytes,
                false, ipv6 ? MpNlri.AFI_IPV6 : MpNlri.AFI_IPV4);
        final String nextHop = ipv6 && decoded.reach() != null && decoded.reach().nextHop() != null
                ? decoded.reach().nextHop() : decoded.attributes().nextHop();
        pending.add(new BgpElement(ElementSource.TABLE_DUMP, ElementType.RIB, record.timestamp(), -1, false, false, peer,
                peerAsn, address + "/" + length, -1, decoded.attributes(), nextHop, 0, 0));
    }

    private void tableDumpV2(final MrtRecord record) {
        final int subtype = record.subtype();
        final ByteCursor in = new ByteCursor(record.body());
        if (subtype == PEER_INDEX_TABLE) {
            peerIndex = peerIndexTable(in);
            return;
        }
        final int afi;
        final boolean addPath;
        if (subtype >= 2 && subtype <= 5 || subtype >= 8 && subtype <= 11) {
            addPath = subtype >= 8;
            final int base = addPath ? subtype - 6 : subtype;
            afi = base <= 3 ? MpNlri.AFI_IPV4 : MpNlri.AFI_IPV6;
            in.skip(4, "sequence number");
        } else if (subtype == RIB_GENERIC || subtype == RIB_GENERIC_ADDPATH) {
            addPath = subtype == RIB_GENERIC_ADDPATH;
            in.skip(4, "sequence number");
            afi = in.u16("AFI");
            final int safi = in.u8("SAFI");
            if (afi != MpNlri.AFI_IPV4 && afi != MpNlri.AFI_IPV6 || safi < 1 || safi > 3) {
                skippedRecords++;
                return;
            }
        } else {
            skippedRecords++;
            return;
        }
        final String prefix = NlriDecoder.readPrefix(in, afi);
        final int entries = in.u16("entry count");
        if (peerIndex == null && entries > 0) {
            throw in.error("RIB entry before any PEER_INDEX_TABLE");
        }
        for (int i = 0; i < entries; i++) {
            final int index = in.u16("peer index");
            if (index >= peerIndex.peers().size()) {
                throw in.error("peer index " + index + " beyond the " + peerIndex.peers().size() + " peers of the table");
            }
            in.skip(4, "originated time");
            final long pathId = addPath ? in.u32("path id") : -1;
            final int attributeLength = in.u16("attribute length");
            final AttributeDecoder.Decoded decoded = AttributeDecoder.decode(in.slice(attributeLength, "attributes"), 4,
                    addPath, afi);
            final String nextHop = decoded.reach() != null && decoded.reach().nextHop() != null
                    ? decoded.reach().nextHop() : decoded.attributes().nextHop();
            final PeerIndexTable.Peer peer = peerIndex.peers().get(index);
            pending.add(new BgpElement(ElementSource.TABLE_DUMP_V2, ElementType.RIB, record.timestamp(), -1, addPath,
                    false, peer.address(), peer.asn(), prefix, pathId, decoded.attributes(), nextHop, 0, 0));
        }
    }

    private static PeerIndexTable peerIndexTable(final ByteCursor in) {
        final String collector = in.address(4, "collector BGP id");
        final int nameLength = in.u16("view name length");
        in.require(nameLength, "view name");
        final String view = new String(in.data(), in.position(), nameLength, StandardCharsets.UTF_8);
        in.skip(nameLength, "view name");
        final int count = in.u16("peer count");
        final List<PeerIndexTable.Peer> peers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final int type = in.u8("peer type");
            final String bgpId = in.address(4, "peer BGP id");
            final String address = in.address((type & 1) != 0 ? 16 : 4, "peer address");
            final long asn = (type & 2) != 0 ? in.u32("peer AS") : in.u16("peer AS");
            peers.add(new PeerIndexTable.Peer(bgpId, address, asn));
        }
        return new PeerIndexTable(collector, view, peers);
    }

    private void bgp4mp(final MrtRecord record) {
        final int subtype = record.subtype();
        final boolean state = subtype == BGP4MP_STATE_CHANGE || subtype == BGP4MP_STATE_CHANGE_AS4;
        if (!state && (subtype < BGP4MP_MESSAGE || subtype > BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH
                || subtype == 2 || subtype == 3 || subtype == 5)) {
            skippedRecords++;
            return;
        }
        final int asnBytes = subtype == BGP4MP_MESSAGE_AS4 || subtype == BGP4MP_STATE_CHANGE_AS4
                || subtype == BGP4MP_MESSAGE_AS4_LOCAL || subtype == BGP4MP_MESSAGE_AS4_ADDPATH
                || subtype == BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH ? 4 : 2;
        final boolean addPath = subtype >= BGP4MP_MESSAGE_ADDPATH;
        final boolean local = subtype == BGP4MP_MESSAGE_LOCAL || subtype == BGP4MP_MESSAGE_AS4_LOCAL
                || subtype == BGP4MP_MESSAGE_LOCAL_ADDPATH || subtype == BGP4MP_MESSAGE_AS4_LOCAL_ADDPATH;
        final ElementSource source = record.type() == MrtRecord.BGP4MP_ET ? ElementSource.BGP4MP_ET : ElementSource.BGP4MP;
        final ByteCursor in = new ByteCursor(record.body());
        final long peerAsn = asnBytes == 4 ? in.u32("peer AS") : in.u16("peer AS");
        in.skip(asnBytes + 2, "local AS and interface index");
        final int afi = in.u16("address family");
        if (afi != MpNlri.AFI_IPV4 && afi != MpNlri.AFI_IPV6) {
            throw in.error("unknown address family " + afi);
        }
        final int addressBytes = afi == MpNlri.AFI_IPV6 ? 16 : 4;
        final String peer = in.address(addressBytes, "peer address");
        in.skip(addressBytes, "local address");
        final long time = record.timestamp();
        final int micros = record.microseconds();
        if (state) {
            final int oldState = in.u16("old state");
            final int newState = in.u16("new state");
            pending.add(new BgpElement(source, ElementType.STATE, time, micros, false, false, peer, peerAsn, null, -1, null,
                    null, oldState, newState));
            return;
        }
        message(in, source, time, micros, addPath, local, peer, peerAsn, asnBytes);
    }

    /**
     * Decodes one raw BGP message (marker, length, type and body, as RIS Live's {@code raw} carries it) from a session
     * with 4-byte ASNs and without ADD-PATH; only an UPDATE gives elements (BGP4MP_ET ones, with the given time).
     *
     * @return the number of elements
     * @throws MrtFormatException (recoverable, its offset the byte in the message) when the message is malformed
     */
    public int decodeMessage(final byte[] message, final long timestamp, final int microseconds, final String peer,
                             final long peerAsn, final Consumer<BgpElement> sink) throws MrtFormatException {
        pending.clear();
        try {
            message(new ByteCursor(message), ElementSource.BGP4MP_ET, timestamp, microseconds, false, false, peer,
                    peerAsn, 4);
        } catch (MrtDecodeException e) {
            pending.clear();
            throw new MrtFormatException("Bad BGP message: " + e.getMessage(), e.position(), true, e);
        }
        for (int i = 0; i < pending.size(); i++) {
            sink.accept(pending.get(i));
        }
        final int count = pending.size();
        pending.clear();
        return count;
    }

    private void message(final ByteCursor in, final ElementSource source, final long time, final int micros,
                         final boolean addPath, final boolean local, final String peer, final long peerAsn,
                         final int asnBytes) {
        in.skip(16, "BGP marker");
        final int length = in.u16("BGP message length");
        final int type = in.u8("BGP message type");
        if (type != BGP_UPDATE) {
            return;
        }
        if (length < BGP_HEADER) {
            throw in.error("BGP message length " + length + " is below " + BGP_HEADER);
        }
        final ByteCursor update = in.slice(Math.min(length - BGP_HEADER, in.remaining()), "BGP UPDATE");
        final int withdrawnLength = update.u16("withdrawn routes length");
        nlri.clear();
        NlriDecoder.readAll(update.slice(withdrawnLength, "withdrawn routes"), MpNlri.AFI_IPV4, addPath, nlri);
        for (final NlriEntry entry : nlri) {
            pending.add(new BgpElement(source, ElementType.WITHDRAW, time, micros, addPath, local, peer, peerAsn,
                    entry.prefix(), entry.pathId(), null, null, 0, 0));
        }
        final int attributeLength = update.u16("path attribute length");
        final AttributeDecoder.Decoded decoded = AttributeDecoder.decode(update.slice(attributeLength, "path attributes"),
                asnBytes, addPath, 0);
        if (decoded.unreach() != null && decoded.unreach().shown()) {
            for (final NlriEntry entry : decoded.unreach().prefixes()) {
                pending.add(new BgpElement(source, ElementType.WITHDRAW, time, micros, addPath, local, peer, peerAsn,
                        entry.prefix(), entry.pathId(), null, null, 0, 0));
            }
        }
        nlri.clear();
        if (NlriDecoder.readComplete(update, MpNlri.AFI_IPV4, addPath, nlri)) {
            truncatedNlri++;
        }
        final PathAttributes attributes = decoded.attributes();
        for (final NlriEntry entry : nlri) {
            pending.add(new BgpElement(source, ElementType.ANNOUNCE, time, micros, addPath, local, peer, peerAsn,
                    entry.prefix(), entry.pathId(), attributes, attributes.nextHop(), 0, 0));
        }
        if (decoded.reach() != null && decoded.reach().shown()) {
            final String nextHop = decoded.reach().nextHop();
            for (final NlriEntry entry : decoded.reach().prefixes()) {
                pending.add(new BgpElement(source, ElementType.ANNOUNCE, time, micros, addPath, local, peer, peerAsn,
                        entry.prefix(), entry.pathId(), attributes, nextHop, 0, 0));
            }
        }
    }
}
