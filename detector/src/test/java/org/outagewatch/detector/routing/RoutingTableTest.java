package org.outagewatch.detector.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    /** Full-feed with more than 3 IPv4 prefixes, visible when seen by more than half of them. */
    private static final RoutingRules RULES = new RoutingRules(3, 100, 0.5);
    private static final String[] FILLER = {"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"};

    private static RoutingTable fullFeedPeers(final RoutingTable table, final int peers) {
        for (int p = 1; p <= peers; p++) {
            for (final String prefix : FILLER) {
                table.announce("rrc00|peer" + p, prefix, 64_999L);
            }
        }
        return table;
    }

    private static long slash24s(final RoutingTable table, final long origin) {
        final long[] counts = table.visibleByOrigin().get(origin);
        return counts == null ? 0 : counts[0];
    }

    @Test
    void shouldCountAPrefixSeenByMoreThanHalfOfTheFullFeedPeers() {
        final RoutingTable table = fullFeedPeers(new RoutingTable(RULES, RoutingTable.Journal.NONE), 4);
        table.announce("rrc00|peer1", "198.51.0.0/16", 64_500L);
        table.announce("rrc00|peer2", "198.51.0.0/16", 64_500L);
        assertThat(slash24s(table, 64_500)).as("2 of 4 is not more than half").isZero();

        table.announce("rrc00|peer3", "198.51.0.0/16", 64_500L);
        assertThat(slash24s(table, 64_500)).isEqualTo(256);
        assertThat(table.fullFeedPeers()).isEqualTo(4);
    }

    @Test
    void shouldIgnorePeersBelowTheFullFeedThreshold() {
        final RoutingTable table = fullFeedPeers(new RoutingTable(RULES, RoutingTable.Journal.NONE), 2);
        table.announce("rrc00|partial1", "192.0.2.0/24", 64_500L);
        table.announce("rrc00|partial2", "192.0.2.0/24", 64_500L);
        table.announce("rrc00|partial3", "192.0.2.0/24", 64_500L);
        assertThat(table.fullFeedPeers()).isEqualTo(2);
        assertThat(slash24s(table, 64_500)).as("seen only by partial peers").isZero();

        table.announce("rrc00|peer1", "192.0.2.0/24", 64_500L);
        table.announce("rrc00|peer2", "192.0.2.0/24", 64_500L);
        assertThat(slash24s(table, 64_500)).isEqualTo(1);
    }

    @Test
    void shouldRecountWhenAPeerBecomesFullFeed() {
        final RoutingTable table = fullFeedPeers(new RoutingTable(RULES, RoutingTable.Journal.NONE), 1);
        table.announce("rrc00|peer1", "192.0.2.0/24", 64_500L);
        assertThat(slash24s(table, 64_500)).as("1 of 1").isEqualTo(1);

        for (final String prefix : FILLER) {
            table.announce("rrc00|peer2", prefix, 64_999L);
        }
        assertThat(table.fullFeedPeers()).isEqualTo(2);
        assertThat(slash24s(table, 64_500)).as("1 of 2 is not more than half").isZero();
    }

    @Test
    void shouldClearEveryRouteOfAPeerThatGoesDown() {
        final RoutingTable table = fullFeedPeers(new RoutingTable(RULES, RoutingTable.Journal.NONE), 3);
        table.announce("rrc00|peer1", "192.0.2.0/24", 64_500L);
        table.announce("rrc00|peer2", "192.0.2.0/24", 64_500L);
        assertThat(slash24s(table, 64_500)).isEqualTo(1);

        table.peerDown("rrc00|peer2");
        assertThat(table.fullFeedPeers()).isEqualTo(2);
        assertThat(slash24s(table, 64_500)).as("1 of the 2 peers left").isZero();
        assertThat(slash24s(table, 64_999)).as("the filler is still seen by both").isEqualTo(FILLER.length);
    }

    @Test
    void shouldMoveAVisiblePrefixToItsNewOriginAndDropItWhenWithdrawn() {
        final RoutingTable table = fullFeedPeers(new RoutingTable(RULES, RoutingTable.Journal.NONE), 1);
        table.announce("rrc00|peer1", "203.0.112.0/23", 64_500L);
        table.announce("rrc00|peer1", "203.0.112.0/23", 64_501L);
        assertThat(slash24s(table, 64_500)).isZero();
        assertThat(slash24s(table, 64_501)).isEqualTo(2);

        table.withdraw("rrc00|peer1", "203.0.112.0/23");
        assertThat(table.visibleByOrigin()).doesNotContainKey(64_501L);
        assertThat(table.prefixes()).isEqualTo(FILLER.length);
    }

    @Test
    void shouldTrackPeersBeyondTheFirst64() {
        final RoutingTable table = new RoutingTable(new RoutingRules(0, 0, 0.5), RoutingTable.Journal.NONE);
        for (int p = 0; p < 130; p++) {
            table.announce("rrc00|peer" + p, "10.0.0.0/24", 64_999L);
        }
        for (int p = 0; p < 66; p++) {
            table.announce("rrc00|peer" + p, "192.0.2.0/24", 64_500L);
        }
        assertThat(table.fullFeedPeers()).isEqualTo(130);
        assertThat(slash24s(table, 64_500)).as("66 of 130").isEqualTo(1);

        table.withdraw("rrc00|peer65", "192.0.2.0/24");
        assertThat(slash24s(table, 64_500)).as("65 of 130 is not more than half").isZero();
    }

    @Test
    void shouldRebuildTheSameTableFromItsJournal() {
        final Map<String, byte[]> prefixes = new HashMap<>();
        final Map<String, Integer> peers = new HashMap<>();
        final RoutingTable.Journal journal = new RoutingTable.Journal() {
            @Override
            public void prefix(final String prefix, final byte[] encoded) {
                if (encoded == null) {
                    prefixes.remove(prefix);
                } else {
                    prefixes.put(prefix, encoded);
                }
            }

            @Override
            public void peer(final String peer, final int index) {
                peers.put(peer, index);
            }
        };
        final RoutingTable table = fullFeedPeers(new RoutingTable(RULES, journal), 3);
        table.announce("rrc00|peer1", "2001:db8::/32", 64_500L);
        table.announce("rrc00|peer2", "2001:db8::/32", 64_500L);
        table.announce("rrc00|peer1", "192.0.2.0/24", 64_501L);
        table.peerDown("rrc00|peer3");

        final RoutingTable copy = new RoutingTable(RULES, RoutingTable.Journal.NONE);
        peers.forEach(copy::restorePeer);
        prefixes.forEach(copy::restorePrefix);
        copy.finishRestore();
        assertThat(copy.prefixes()).isEqualTo(table.prefixes());
        assertThat(copy.fullFeedPeers()).isEqualTo(table.fullFeedPeers()).isEqualTo(2);
        assertThat(copy.visibleByOrigin().get(64_500L)).containsExactly(0, 65_536);
        assertThat(copy.visibleByOrigin()).containsOnlyKeys(table.visibleByOrigin().keySet());
    }
}
