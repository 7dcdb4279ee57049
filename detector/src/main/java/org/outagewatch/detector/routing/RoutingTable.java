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
 * ({@code collector|address -> index}); IPv4 prefixes are {@code long} keys in an open-addressing table
 * ({@link Ipv4Keys}, {@link LongKeyTable}), IPv6 prefixes strings in a hash map; the first 64 peers' bits are a
 * field of the prefix's entry, more peers add an array. Beside it: per-peer IPv4 and IPv6 prefix counters, a bitset
 * of the full-feed peers, per-origin visible counters. An update changes one prefix and adjusts its origin's counter
 * when the prefix crosses the visibility line. A peer entering or leaving the full-feed set changes the denominator
 * of every prefix, so it only marks the counters stale; {@link #settle()} recounts them (one pass over the
 * prefixes) before they are read. A prefix has one origin, the latest announced by any peer (a multi-origin prefix
 * counts for the last one); an origin outside 1..2^32-1 is unknown and counts for nobody.
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

    private static final int IPV4 = 0;
    private static final int IPV6 = 1;

    /** One prefix: its origin (unsigned, 0 when unknown) and the peers that route it. */
    private static final class PrefixState {
        int origin;
        long bits;
        long[] more;

        long origin() {
            return Integer.toUnsignedLong(origin);
        }

        boolean has(final int index) {
            if (index < Long.SIZE) {
                return (bits & 1L << index) != 0;
            }
            final int word = (index >>> 6) - 1;
            return more != null && word < more.length && (more[word] & 1L << index) != 0;
        }

        void set(final int index) {
            if (index < Long.SIZE) {
                bits |= 1L << index;
                return;
            }
            final int word = (index >>> 6) - 1;
            if (more == null || word >= more.length) {
                more = more == null ? new long[word + 1] : Arrays.copyOf(more, word + 1);
            }
            more[word] |= 1L << index;
        }

        void clear(final int index) {
            if (index < Long.SIZE) {
                bits &= ~(1L << index);
                return;
            }
            final int word = (index >>> 6) - 1;
            if (more != null && word < more.length) {
                more[word] &= ~(1L << index);
            }
        }

        boolean empty() {
            if (bits != 0) {
                return false;
            }
            if (more != null) {
                for (final long word : more) {
                    if (word != 0) {
                        return false;
                    }
                }
            }
            return true;
        }

        int seeing(final long[] mask) {
            int seeing = Long.bitCount(bits & mask[0]);
            if (more != null) {
                final int words = Math.min(more.length, mask.length - 1);
                for (int i = 0; i < words; i++) {
                    seeing += Long.bitCount(more[i] & mask[i + 1]);
                }
            }
            return seeing;
        }

        int words() {
            int words = 1 + (more == null ? 0 : more.length);
            while (words > 1 && more[words - 2] == 0) {
                words--;
            }
            return words;
        }

        long word(final int i) {
            return i == 0 ? bits : more[i - 1];
        }

        byte[] encode() {
            final int words = words();
            final ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES * (1 + words)).putLong(origin());
            for (int i = 0; i < words; i++) {
                buffer.putLong(word(i));
            }
            return buffer.array();
        }

        static PrefixState decode(final byte[] encoded) {
            final ByteBuffer buffer = ByteBuffer.wrap(encoded);
            final PrefixState state = new PrefixState();
            state.origin = asUnsigned(buffer.getLong());
            final int words = buffer.remaining() / Long.BYTES;
            state.bits = words > 0 ? buffer.getLong() : 0;
            if (words > 1) {
                state.more = new long[words - 1];
                for (int i = 0; i < words - 1; i++) {
                    state.more[i] = buffer.getLong();
                }
            }
            return state;
        }
    }

    private final RoutingRules rules;
    private final Journal journal;
    private final LongKeyTable<PrefixState> ipv4 = new LongKeyTable<>();
    private final Map<String, PrefixState> ipv6 = new HashMap<>();
    private final Map<String, Integer> peerIndex = new HashMap<>();
    private final List<String> peerNames = new ArrayList<>();
    private long[][] prefixCounts = new long[2][8];
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
        final int family = Prefixes.ipv6(prefix) ? IPV6 : IPV4;
        final long key = family == IPV4 ? Ipv4Keys.of(prefix) : Ipv4Keys.NONE;
        if (family == IPV4 && key == Ipv4Keys.NONE || Prefixes.length(prefix) < 0) {
            return;
        }
        final int index = indexOf(peer);
        PrefixState state = family == IPV4 ? ipv4.get(key) : ipv6.get(prefix);
        if (state == null) {
            state = new PrefixState();
            if (family == IPV4) {
                ipv4.put(key, state);
            } else {
                ipv6.put(prefix, state);
            }
        }
        final boolean before = visible(state);
        final long oldOrigin = state.origin();
        final boolean had = state.has(index);
        final boolean newOrigin = origin != null && asUnsigned(origin) != state.origin;
        if (had && !newOrigin) {
            return;
        }
        if (newOrigin) {
            state.origin = asUnsigned(origin);
        }
        if (!had) {
            state.set(index);
            count(index, family, 1);
        }
        final long units = family == IPV4 ? Ipv4Keys.units(key) : Prefixes.units(prefix);
        adjust(before, oldOrigin, state, family, units);
        journal.prefix(family == IPV4 ? Ipv4Keys.text(key) : prefix, state.encode());
    }

    /** A peer no longer routes {@code prefix}. */
    public void withdraw(final String peer, final String prefix) {
        final Integer index = peerIndex.get(peer);
        final int family = Prefixes.ipv6(prefix) ? IPV6 : IPV4;
        final long key = family == IPV4 ? Ipv4Keys.of(prefix) : Ipv4Keys.NONE;
        if (index == null || family == IPV4 && key == Ipv4Keys.NONE) {
            return;
        }
        final PrefixState state = family == IPV4 ? ipv4.get(key) : ipv6.get(prefix);
        if (state == null || !state.has(index)) {
            return;
        }
        final long units = family == IPV4 ? Ipv4Keys.units(key) : Prefixes.units(prefix);
        final String name = family == IPV4 ? Ipv4Keys.text(key) : prefix;
        if (drop(state, index, family, units, name)) {
            if (family == IPV4) {
                ipv4.remove(key);
            } else {
                ipv6.remove(prefix);
            }
        }
    }

    /** A peer's session went down: it routes nothing any more (one pass over the prefixes). */
    public void peerDown(final String peer) {
        final Integer index = peerIndex.get(peer);
        if (index == null) {
            return;
        }
        final List<Long> emptied = new ArrayList<>();
        ipv4.forEach((state, key) -> {
            if (state.has(index) && drop(state, index, IPV4, Ipv4Keys.units(key), Ipv4Keys.text(key))) {
                emptied.add(key);
            }
        });
        emptied.forEach(ipv4::remove);
        final Iterator<Map.Entry<String, PrefixState>> it = ipv6.entrySet().iterator();
        while (it.hasNext()) {
            final Map.Entry<String, PrefixState> entry = it.next();
            final PrefixState state = entry.getValue();
            if (state.has(index) && drop(state, index, IPV6, Prefixes.units(entry.getKey()), entry.getKey())) {
                it.remove();
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
        ipv4.forEach((state, key) -> {
            if (visible(state)) {
                add(state.origin(), IPV4, Ipv4Keys.units(key), 1);
            }
        });
        for (final Map.Entry<String, PrefixState> entry : ipv6.entrySet()) {
            if (visible(entry.getValue())) {
                add(entry.getValue().origin(), IPV6, Prefixes.units(entry.getKey()), 1);
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
        return ipv4.size() + ipv6.size();
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
        final int family = Prefixes.ipv6(prefix) ? IPV6 : IPV4;
        final long key = family == IPV4 ? Ipv4Keys.of(prefix) : Ipv4Keys.NONE;
        if (family == IPV4 && key == Ipv4Keys.NONE) {
            return;
        }
        final PrefixState state = PrefixState.decode(encoded);
        if (family == IPV4) {
            ipv4.put(key, state);
        } else {
            ipv6.put(prefix, state);
        }
        for (int word = 0; word < state.words(); word++) {
            long bits = state.word(word);
            while (bits != 0) {
                final int index = word * Long.SIZE + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                grow(index);
                prefixCounts[family][index]++;
            }
        }
    }

    /** Derives the full-feed set and the counters after a restore. */
    public void finishRestore() {
        fullFeed = new long[1];
        fullFeedPeers = 0;
        for (int index = 0; index < prefixCounts[IPV4].length; index++) {
            if (rules.fullFeed(prefixCounts[IPV4][index], prefixCounts[IPV6][index])) {
                fullFeed = setBit(fullFeed, index);
                fullFeedPeers++;
            }
        }
        stale = true;
        settle();
    }

    private static int asUnsigned(final long asn) {
        return asn > 0 && asn <= 0xFFFF_FFFFL ? (int) asn : 0;
    }

    /** Clears one peer's route to a prefix; true when no peer routes it any more (the caller removes it). */
    private boolean drop(final PrefixState state, final int index, final int family, final long units,
                         final String name) {
        final boolean before = visible(state);
        state.clear(index);
        count(index, family, -1);
        adjust(before, state.origin(), state, family, units);
        if (state.empty()) {
            journal.prefix(name, null);
            return true;
        }
        journal.prefix(name, state.encode());
        return false;
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
        if (index >= prefixCounts[IPV4].length) {
            final int size = Math.max(index + 1, prefixCounts[IPV4].length * 2);
            prefixCounts = new long[][] {Arrays.copyOf(prefixCounts[IPV4], size), Arrays.copyOf(prefixCounts[IPV6], size)};
        }
    }

    /** Counts a prefix in or out of a peer's table and moves the peer in or out of the full-feed set. */
    private void count(final int index, final int family, final int delta) {
        prefixCounts[family][index] += delta;
        final boolean full = rules.fullFeed(prefixCounts[IPV4][index], prefixCounts[IPV6][index]);
        final boolean was = index >>> 6 < fullFeed.length && (fullFeed[index >>> 6] & 1L << index) != 0;
        if (full != was) {
            if (full) {
                fullFeed = setBit(fullFeed, index);
                fullFeedPeers++;
            } else {
                fullFeed[index >>> 6] &= ~(1L << index);
                fullFeedPeers--;
            }
            stale = true;
        }
    }

    private void adjust(final boolean before, final long oldOrigin, final PrefixState state, final int family,
                        final long units) {
        if (stale) {
            return;
        }
        if (before) {
            add(oldOrigin, family, units, -1);
        }
        if (visible(state)) {
            add(state.origin(), family, units, 1);
        }
    }

    private void add(final long origin, final int family, final long units, final int sign) {
        if (origin <= 0 || units == 0) {
            return;
        }
        final long[] counts = visible.computeIfAbsent(origin, o -> new long[2]);
        counts[family] += sign * units;
        if (counts[IPV4] == 0 && counts[IPV6] == 0) {
            visible.remove(origin);
        }
    }

    private boolean visible(final PrefixState state) {
        return rules.visible(state.seeing(fullFeed), fullFeedPeers);
    }

    private static long[] setBit(final long[] bits, final int index) {
        final int word = index >>> 6;
        final long[] grown = word < bits.length ? bits : Arrays.copyOf(bits, word + 1);
        grown[word] |= 1L << index;
        return grown;
    }
}
