package org.outagewatch.ingest.bgp;

/**
 * One BGP element, the unit that bgpdump prints per line and a {@code RouteUpdate} carries: a RIB entry, an
 * announcement or a withdrawal of one prefix by one peer, or a peer's state change.
 *
 * @param source the kind of record it came from
 * @param type what it is
 * @param timestamp seconds since the epoch (the record's time; for RIB entries the dump time)
 * @param microseconds the microseconds of an extended-timestamp record, else -1
 * @param addPath whether it came from an ADD-PATH record (then {@code pathId} is set)
 * @param local whether the collector sent the message (BGP4MP _LOCAL subtypes) rather than received it
 * @param peerAddress the peer's address as text
 * @param peerAsn the peer's ASN
 * @param prefix the prefix as CIDR text, null for state changes
 * @param pathId the ADD-PATH path id, -1 without ADD-PATH
 * @param attributes the path attributes of an announcement or RIB entry, null otherwise
 * @param nextHop the next hop of an announcement or RIB entry (MP_REACH's or NEXT_HOP), null when none
 * @param oldState the BGP FSM state before a state change (RFC 6396 section 4.4.1), else 0
 * @param newState the BGP FSM state after a state change, else 0
 */
public record BgpElement(ElementSource source, ElementType type, long timestamp, int microseconds, boolean addPath,
                         boolean local, String peerAddress, long peerAsn, String prefix, long pathId,
                         PathAttributes attributes, String nextHop, int oldState, int newState) {
    /** The FSM state Established (RFC 4271 section 8.2.2, numbered as in RFC 6396). */
    public static final int ESTABLISHED = 6;

    /** Time in milliseconds since the epoch. */
    public long epochMillis() {
        return timestamp * 1000 + (microseconds > 0 ? microseconds / 1000 : 0);
    }

    /** The AS path of an announcement or RIB entry, else {@link AsPath#EMPTY}. */
    public AsPath asPath() {
        return attributes == null || attributes.asPath() == null ? AsPath.EMPTY : attributes.asPath();
    }
}
