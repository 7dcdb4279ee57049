package org.outagewatch.ingest.atlas;

/** What RIPE Atlas says about one probe: its id, the ASNs of its IPv4 and IPv6 addresses (0 when none) and country. */
public record ProbeInfo(long id, long asnV4, long asnV6, String country) {
    /** The ASN for an address family (4 or 6), falling back to the other family's when that one is unknown. */
    public long asn(final int af) {
        final long preferred = af == 6 ? asnV6 : asnV4;
        return preferred > 0 ? preferred : Math.max(asnV4, asnV6);
    }
}
