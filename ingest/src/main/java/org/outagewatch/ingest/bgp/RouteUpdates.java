package org.outagewatch.ingest.bgp;

import java.time.Instant;
import java.util.List;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.RouteUpdate;
import org.outagewatch.schemas.RouteUpdateType;

/**
 * Maps {@link BgpElement}s to {@link RouteUpdate}s (pure): RIB entries, announcements and withdrawals keep their
 * prefix; a state change becomes PEER_UP when the session reaches Established and PEER_DOWN when it leaves it;
 * other state changes carry no signal and map to null.
 */
public final class RouteUpdates {
    private RouteUpdates() {
    }

    /** The update of an element, or null for a state change between two non-Established states. */
    public static RouteUpdate from(final BgpElement element, final String collector) {
        final RouteUpdateType type = switch (element.type()) {
            case RIB -> RouteUpdateType.RIB;
            case ANNOUNCE -> RouteUpdateType.ANNOUNCE;
            case WITHDRAW -> RouteUpdateType.WITHDRAW;
            case STATE -> element.newState() == BgpElement.ESTABLISHED ? RouteUpdateType.PEER_UP
                    : element.oldState() == BgpElement.ESTABLISHED ? RouteUpdateType.PEER_DOWN : null;
        };
        if (type == null) {
            return null;
        }
        final AsPath path = element.asPath();
        final long origin = path.originAsn();
        final List<Long> asns = path.flatten();
        return RouteUpdate.newBuilder()
                .setSource(MeasurementSource.BGP)
                .setCollector(collector)
                .setPeerAsn(element.peerAsn())
                .setPeerAddress(element.peerAddress())
                .setType(type)
                .setPrefix(element.prefix())
                .setOriginAsn(type == RouteUpdateType.ANNOUNCE || type == RouteUpdateType.RIB ? (origin < 0 ? null : origin) : null)
                .setAsPath(asns)
                .setObservedAt(Instant.ofEpochMilli(element.epochMillis()))
                .build();
    }

    /** The Kafka key of an update: its prefix, or {@code peer:<address>} for a peer state change. */
    public static String key(final RouteUpdate update) {
        return update.getPrefix() != null ? update.getPrefix() : "peer:" + update.getPeerAddress();
    }
}
