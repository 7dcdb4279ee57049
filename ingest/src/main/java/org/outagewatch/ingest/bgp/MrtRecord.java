package org.outagewatch.ingest.bgp;

/**
 * One MRT record (RFC 6396): the common header and the body. For the extended-timestamp types (BGP4MP_ET,
 * ISIS_ET, OSPFv3_ET) the microseconds are taken from the body, and the body starts after them.
 *
 * @param offset the byte offset of the header in the decompressed stream
 * @param timestamp seconds since the epoch
 * @param microseconds the microseconds of an extended-timestamp record, or -1
 * @param type the MRT type
 * @param subtype the MRT subtype
 * @param body the body bytes (after the microseconds field of an ET record)
 */
public record MrtRecord(long offset, long timestamp, int microseconds, int type, int subtype, byte[] body) {
    public static final int TABLE_DUMP = 12;
    public static final int TABLE_DUMP_V2 = 13;
    public static final int BGP4MP = 16;
    public static final int BGP4MP_ET = 17;
    public static final int ISIS_ET = 33;
    public static final int OSPFV3_ET = 49;

    /** Whether a type carries a microseconds field first in its body (the _ET types). */
    public static boolean extendedTimestamp(final int type) {
        return type == BGP4MP_ET || type == ISIS_ET || type == OSPFV3_ET;
    }

    /** The bytes of the header and body in the stream. */
    public long length() {
        return MrtReader.HEADER_LENGTH + (microseconds >= 0 ? 4 : 0) + body.length;
    }
}
