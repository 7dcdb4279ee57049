package org.outagewatch.ingest.bgp;

/**
 * The path attributes of a route that the elements show (RFC 4271, RFC 1997, RFC 6793), shared by every prefix of
 * one UPDATE or RIB entry. Absent values are -1 or null.
 *
 * @param origin 0 IGP, 1 EGP, 2 INCOMPLETE, -1 absent
 * @param asPath the AS path (AS4_PATH merged in for 2-byte sessions), null when absent
 * @param nextHop the NEXT_HOP attribute, null when absent (an MP_REACH next hop is on the element)
 * @param med MULTI_EXIT_DISC, -1 when absent
 * @param localPref LOCAL_PREF, -1 when absent
 * @param atomicAggregate whether ATOMIC_AGGREGATE is present
 * @param aggregatorAsn the AGGREGATOR's ASN (AS4_AGGREGATOR for 2-byte sessions when AS_TRANS), -1 when absent
 * @param aggregatorAddress the AGGREGATOR's address, null when absent
 * @param communities the COMMUNITIES as text ({@code 64496:1 no-export}), null when absent
 */
public record PathAttributes(int origin, AsPath asPath, String nextHop, long med, long localPref,
                             boolean atomicAggregate, long aggregatorAsn, String aggregatorAddress, String communities) {
    public static final int ORIGIN_IGP = 0;
    public static final int ORIGIN_EGP = 1;
    public static final int ORIGIN_INCOMPLETE = 2;
    public static final PathAttributes NONE = new PathAttributes(-1, null, null, -1, -1, false, -1, null, null);

    /** The origin as bgpdump names it: IGP, EGP, or INCOMPLETE (also when absent). */
    public String originName() {
        return origin == ORIGIN_IGP ? "IGP" : origin == ORIGIN_EGP ? "EGP" : "INCOMPLETE";
    }
}
