package org.outagewatch.ingest.bgp;

import java.util.List;

/**
 * A TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 section 4.3.1): the collector and the peers that the RIB entries
 * after it refer to by index.
 */
public record PeerIndexTable(String collectorId, String viewName, List<Peer> peers) {
    public PeerIndexTable {
        peers = List.copyOf(peers);
    }

    /** One peer of the table. */
    public record Peer(String bgpId, String address, long asn) {
    }
}
