package org.outagewatch.ingest.bgp;

import java.util.List;

/** The prefixes of an MP_REACH_NLRI or MP_UNREACH_NLRI attribute (RFC 4760), with the next hop of a reach (else null). */
record MpNlri(int afi, int safi, String nextHop, List<NlriEntry> prefixes) {
    static final int AFI_IPV4 = 1;
    static final int AFI_IPV6 = 2;
    static final int SAFI_UNICAST = 1;
    static final int SAFI_MULTICAST = 2;
    static final int SAFI_BOTH = 3;

    /** Whether bgpdump shows these prefixes: IPv4 or IPv6, unicast, multicast or both. */
    boolean shown() {
        return (afi == AFI_IPV4 || afi == AFI_IPV6) && safi >= SAFI_UNICAST && safi <= SAFI_BOTH;
    }
}
