package org.outagewatch.detector.common;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stream time, and how far windows are closed, for a processor that keeps one entry per entity in a logged
 * key-value store and closes event-time windows by stream time. The clock lives in the same store under
 * {@link #CLOCK_KEY}, so it is written in the same transaction as the entries and a restart carries on from it.
 */
public final class WindowClock {
    /** The store key of the clock; sorts before every entity id. */
    public static final String CLOCK_KEY = "\u0000clock";
    public static final long NONE = Long.MIN_VALUE;

    /** Closes the windows that end in (from, to], for every entry. */
    @FunctionalInterface
    public interface Closer {
        void closeThrough(long from, long to);
    }

    private final WindowRules rules;
    private final KeyValueStore<String, byte[]> store;
    private long streamTime = NONE;
    private long closedThrough = NONE;

    /** A clock on this store, carrying on from the one it holds (after a restart). */
    public WindowClock(final WindowRules rules, final KeyValueStore<String, byte[]> store) {
        this.rules = rules;
        this.store = store;
        final byte[] saved = store.get(CLOCK_KEY);
        if (saved != null) {
            final ByteBuffer clock = ByteBuffer.wrap(saved);
            streamTime = clock.getLong();
            closedThrough = clock.getLong();
        }
    }

    public long streamTime() {
        return streamTime;
    }

    /** The end of the last closed window, or {@link #NONE} before the first record. */
    public long closedThrough() {
        return closedThrough;
    }

    /** True when a window with this start has already been closed. */
    public boolean closed(final long windowStart) {
        return closedThrough != NONE && windowStart + rules.sizeMillis() <= closedThrough;
    }

    /**
     * Moves stream time to {@code time} (never back). When windows close, the closer runs first, with the old and
     * the new closed-through instants (not on the first record, which only starts the clock). Saves the clock when
     * windows close (not on every record: the service folder sees every record of its task).
     */
    public void advance(final long time, final Closer closer) {
        if (time <= streamTime) {
            return;
        }
        streamTime = time;
        final long closable = rules.closedThrough(time);
        if (closable > closedThrough) {
            if (closedThrough != NONE) {
                closer.closeThrough(closedThrough, closable);
            }
            closedThrough = closable;
            // saved only when windows close: a restart with an older stream time computes the same closes
            store.put(CLOCK_KEY, ByteBuffer.allocate(2 * Long.BYTES).putLong(streamTime).putLong(closedThrough).array());
        }
    }

    /** Every entry of the store but the clock, sorted by key, so windows close in the same order on every replay. */
    public List<KeyValue<String, byte[]>> entries() {
        final List<KeyValue<String, byte[]>> entries = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> {
                if (!CLOCK_KEY.equals(entry.key)) {
                    entries.add(entry);
                }
            });
        }
        entries.sort((a, b) -> a.key.compareTo(b.key));
        return entries;
    }
}
