package org.outagewatch.detector.routing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The routing state of every collector peer and the visibility it implies (pure, no Kafka): consumes
 * announcements (RIB entries are announcements), withdrawals and peer-down events; produces, per origin ASN, the
 * visible /24s (IPv4) and /48s (IPv6) by {@link RoutingRules} and {@link Prefixes#units(String)}.
 *
 * <p>Layout: {@code prefix -> (origin, peer bitset)}, one bit per peer in a peer index table
 * ({@code collector|address -> index}); per-peer IPv4 and IPv6 prefix counters; a bitset of the full-feed peers;
 * per-origin visible counters. An update changes one prefix and adjusts its origin's counter when the prefix crosses
 * the visibility line. A peer entering or leaving the full-feed set changes the denominator of every prefix, so it
 * only marks the counters stale; {@link #settle()} recounts them (one pass over the prefixes) before they are read.
 * A prefix has one origin, the latest announced by any peer (multi-origin prefixes count for the last one).
 *
 * <p>Every change is reported to a {@link Journal} so that a caller can keep a durable copy; {@link #restorePeer},
 * {@link #restorePrefix} and {@link #finishRestore} rebuild the table from it.
 */
public final class RoutingTable {
    /** Receives every change of the durable part of the table: prefixes (null when gone) and peer indexes. */
    public interface Journal {
        void prefix(String prefix, byte[] encoded);

        void peer(String peer, int index);

        Journal NONE = new Journal() {
            @Override
            public void prefix(final String prefix, final byte[] encoded) {
                // nothing to keep
            }

            @Override
            public void peer(final String peer, final int index) {
                // nothing to keep
            }
        };
    }

    /** One prefix: its origin (0 when unknown) and the peers that route it. */
    private static final class PrefixState {
        long origin;
        long[] peers = new long[1];
    }

    private final RoutingRules rules;
    private final Journal journal;
    private final Map<String, PrefixState> prefixes = new HashMap<>();
    private final Map<String, Integer> peerIndex = new HashMap<>();
    private final List<String> peerNames = new ArrayList<>();
    private long[] ipv4Counts = new long[8];
    private long[] ipv6Counts = new long[8];
    private long[] fullFeed = new long[1];
    private int fullFeedPeers;
    private boolean stale;
    /** origin -> {visible /24s, visible /48s}; only origins with something visible. */
    private final Map<Long, long[]> visible = new HashMap<>();

    public RoutingTable(final RoutingRules rules, final Journal journal) {
        this.rules = rules;
        this.journal = journal;
    }

    /** A peer routes {@code prefix} (an announcement or a RIB entry); {@code origin} null keeps the known origin. */
    public void announce(final String peer, final String prefix, final Long origin) {
        final int index = indexOf(peer);
        PrefixState state = prefixes.get(prefix);
        if (state == null) {
            state = new PrefixState();
            prefixes.put(prefix, state);
        }
        final boolean before = visible(state);
        final long oldOrigin = state.origin;
        final boolean had = has(state.peers, index);
        final boolean newOrigin = origin != null && origin != state.origin;
        if (had && !newOrigin) {
            return;
        }
        if (newOrigin) {
            state.origin = origin;
        }
        if (!had) {
            state.peers = set(state.peers, index);
            count(index, prefix, 1);
        }
        adjust(prefix, before, oldOrigin, state);
        journal.prefix(prefix, encode(state));
    }

    /** A peer no longer routes {@code prefix}. */
    public void withdraw(final String peer, final String prefix) {
        final Integer index = peerIndex.get(peer);
        final PrefixState state = prefixes.get(prefix);
        if (index == null || state == null || !has(state.peers, index)) {
            return;
        }
        final boolean before = visible(state);
        clear(state.peers, index);
        count(index, prefix, -1);
        adjust(prefix, before, state.origin, state);
        if (empty(state.peers)) {
            prefixes.remove(prefix);
            journal.prefix(prefix, null);
        } else {
            journal.prefix(prefix, encode(state));
        }
    }

    /** A peer's session went down: it routes nothing any more (one pass over the prefixes). */
    public void peerDown(final String peer) {
        final Integer index = peerIndex.get(peer);
        if (index == null) {
            return;
        }
        final Iterator<Map.Entry<String, PrefixState>> it = prefixes.entrySet().iterator();
        while (it.hasNext()) {
            final Map.Entry<String, PrefixState> entry = it.next();
            final PrefixState state = entry.getValue();
            if (has(state.peers, index)) {
                final boolean before = visible(state);
                clear(state.peers, index);
                count(index, entry.getKey(), -1);
                adjust(entry.getKey(), before, state.origin, state);
                if (empty(state.peers)) {
                    it.remove();
                    journal.prefix(entry.getKey(), null);
                } else {
                    journal.prefix(entry.getKey(), encode(state));
                }
            }
        }
    }

    /** Recounts the per-origin counters if the full-feed set changed since they were last counted. */
    public void settle() {
        if (!stale) {
            return;
        }
        visible.clear();
        stale = false;
        for (final Map.Entry<String, PrefixState> entry : prefixes.entrySet()) {
            if (visible(entry.getValue())) {
                add(entry.getValue().origin, entry.getKey(), 1);
            }
        }
    }

    /** Settled per-origin counters: origin -> {visible /24s, visible /48s}, origins with something visible only. */
    public Map<Long, long[]> visibleByOrigin() {
        settle();
        return Collections.unmodifiableMap(visible);
    }

    public int fullFeedPeers() {
        return fullFeedPeers;
    }

    public int peers() {
        return peerNames.size();
    }

    public int prefixes() {
        return prefixes.size();
    }

    /** Rebuilds a peer index from a durable copy. */
    public void restorePeer(final String peer, final int index) {
        peerIndex.put(peer, index);
        while (peerNames.size() <= index) {
            peerNames.add(null);
        }
        peerNames.set(index, peer);
        grow(index);
    }

    /** Rebuilds a prefix from a durable copy ({@link #finishRestore()} settles the counters). */
    public void restorePrefix(final String prefix, final byte[] encoded) {
        final ByteBuffer buffer = ByteBuffer.wrap(encoded);
        final PrefixState state = new PrefixState();
        state.origin = buffer.getLong();
        state.peers = new long[Math.max(1, buffer.remaining() / Long.BYTES)];
        for (int i = 0; buffer.remaining() >= Long.BYTES; i++) {
            state.peers[i] = buffer.getLong();
        }
        prefixes.put(prefix, state);
        final boolean ipv6 = Prefixes.ipv6(prefix);
        for (int word = 0; word < state.peers.length; word++) {
            long bits = state.peers[word];
            while (bits != 0) {
                final int index = word * Long.SIZE + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                grow(index);
                if (ipv6) {
                    ipv6Counts[index]++;
                } else {
                    ipv4Counts[index]++;
                }
            }
        }
    }

    /** Derives the full-feed set and the counters after a restore. */
    public void finishRestore() {
        fullFeed = new long[1];
        fullFeedPeers = 0;
        for (int index = 0; index < peerNames.size(); index++) {
            if (rules.fullFeed(ipv4Counts[index], ipv6Counts[index])) {
                fullFeed = set(fullFeed, index);
                fullFeedPeers++;
            }
        }
        stale = true;
        settle();
    }

    private int indexOf(final String peer) {
        final Integer known = peerIndex.get(peer);
        if (known != null) {
            return known;
        }
        final int index = peerNames.size();
        peerNames.add(peer);
        peerIndex.put(peer, index);
        grow(index);
        journal.peer(peer, index);
        return index;
    }

    private void grow(final int index) {
        if (index >= ipv4Counts.length) {
            final int size = Math.max(index + 1, ipv4Counts.length * 2);
            ipv4Counts = Arrays.copyOf(ipv4Counts, size);
            ipv6Counts = Arrays.copyOf(ipv6Counts, size);
        }
    }

    /** Counts a prefix in or out of a peer's table and moves the peer in or out of the full-feed set. */
    private void count(final int index, final String prefix, final int delta) {
        if (Prefixes.ipv6(prefix)) {
            ipv6Counts[index] += delta;
        } else {
            ipv4Counts[index] += delta;
        }
        final boolean full = rules.fullFeed(ipv4Counts[index], ipv6Counts[index]);
        if (full != has(fullFeed, index)) {
            if (full) {
                fullFeed = set(fullFeed, index);
                fullFeedPeers++;
            } else {
                clear(fullFeed, index);
                fullFeedPeers--;
            }
            stale = true;
        }
    }

    private void adjust(final String prefix, final boolean before, final long oldOrigin, final PrefixState state) {
        if (stale) {
            return;
        }
        if (before) {
            add(oldOrigin, prefix, -1);
        }
        if (visible(state)) {
            add(state.origin, prefix, 1);
        }
    }

    private void add(final long origin, final String prefix, final int sign) {
        if (origin <= 0) {
            return;
        }
        final int family = Prefixes.ipv6(prefix) ? 1 : 0;
        final long units = Prefixes.units(prefix);
        final long[] counts = visible.computeIfAbsent(origin, o -> new long[2]);
        counts[family] += sign * units;
        if (counts[0] == 0 && counts[1] == 0) {
            visible.remove(origin);
        }
    }

    private boolean visible(final PrefixState state) {
        int seeing = 0;
        final int words = Math.min(state.peers.length, fullFeed.length);
        for (int i = 0; i < words; i++) {
            seeing += Long.bitCount(state.peers[i] & fullFeed[i]);
        }
        return rules.visible(seeing, fullFeedPeers);
    }

    private static byte[] encode(final PrefixState state) {
        int words = state.peers.length;
        while (words > 1 && state.peers[words - 1] == 0) {
            words--;
        }
        final ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES * (1 + words)).putLong(state.origin);
        for (int i = 0; i < words; i++) {
            buffer.putLong(state.peers[i]);
        }
        return buffer.array();
    }

    private static boolean has(final long[] bits, final int index) {
        final int word = index >>> 6;
        return word < bits.length && (bits[word] & (1L << index)) != 0;
    }

    private static long[] set(final long[] bits, final int index) {
        final int word = index >>> 6;
        final long[] grown = word < bits.length ? bits : Arrays.copyOf(bits, word + 1);
        grown[word] |= 1L << index;
        return grown;
    }

    private static void clear(final long[] bits, final int index) {
        final int word = index >>> 6;
        if (word < bits.length) {
            bits[word] &= ~(1L << index);
        }
    }

    private static boolean empty(final long[] bits) {
        for (final long word : bits) {
            if (word != 0) {
                return false;
            }
        }
        return true;
    }
}
