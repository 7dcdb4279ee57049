package org.outagewatch.detector.routing;

/**
 * The rules of the routing visibility signal (IODA's): a peer is full-feed when it has more than
 * {@code fullFeedIpv4} IPv4 or more than {@code fullFeedIpv6} IPv6 prefixes; a prefix is visible when more than
 * {@code visibleShare} of the full-feed peers see it. The thresholds are settings because test samples are far
 * smaller than a full table.
 */
public record RoutingRules(long fullFeedIpv4, long fullFeedIpv6, double visibleShare) {
    /** IODA's figures: 400k IPv4 or 10k IPv6 prefixes, seen by more than 50% of the full-feed peers. */
    public static final RoutingRules DEFAULTS = new RoutingRules(400_000, 10_000, 0.5);

    public RoutingRules {
        if (fullFeedIpv4 < 0 || fullFeedIpv6 < 0) {
            throw new IllegalArgumentException("full-feed thresholds must be >= 0");
        }
        if (!(visibleShare >= 0.0 && visibleShare < 1.0)) {
            throw new IllegalArgumentException("visible share must be in [0, 1), not " + visibleShare);
        }
    }

    /** Whether a peer with these prefix counts is a full-feed peer. */
    public boolean fullFeed(final long ipv4Prefixes, final long ipv6Prefixes) {
        return ipv4Prefixes > fullFeedIpv4 || ipv6Prefixes > fullFeedIpv6;
    }

    /** Whether {@code seeing} of {@code fullFeedPeers} full-feed peers make a prefix visible. */
    public boolean visible(final int seeing, final int fullFeedPeers) {
        return fullFeedPeers > 0 && seeing > visibleShare * fullFeedPeers;
    }
}
