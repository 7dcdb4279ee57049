package org.outagewatch.detector.rollup;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.outagewatch.detector.common.WindowRules;

/**
 * The country rollup's stream time, one clock per signal, saved in the rollup's store (key {@value #CLOCK_PREFIX}
 * {@code <signal>}) in the same transaction as the open windows, so a restart carries on from it.
 *
 * <p>One clock per signal rather than one per task ({@link org.outagewatch.detector.common.WindowClock}): each
 * signal comes from its own stage-1 processor with its own stream time, and sparse inputs close their windows
 * late (service tests an hour apart emit a window when the next test arrives), so a clock shared with the dense
 * traffic points would find every service point late. A window of a signal closes once the latest window start of
 * that signal reaches the window's end plus the rollup delay ({@code rules}' grace).
 */
final class SignalClocks {
    /** The store key prefix of the clocks; entity ids never start with a NUL. */
    static final String CLOCK_PREFIX = "\u0000clock|";
    static final long NONE = Long.MIN_VALUE;

    /** Closes the windows of {@code signal} that end at or before {@code end}. */
    @FunctionalInterface
    interface Closer {
        void closeThrough(String signal, long end);
    }

    private final WindowRules rules;
    private final KeyValueStore<String, byte[]> store;
    /** signal -> {stream time, end of the last closed window}. */
    private final Map<String, long[]> clocks = new HashMap<>();

    SignalClocks(final WindowRules rules, final KeyValueStore<String, byte[]> store) {
        this.rules = rules;
        this.store = store;
    }

    /** The latest window start seen for {@code signal}, or {@link #NONE} before its first point. */
    long streamTime(final String signal) {
        return clock(signal)[0];
    }

    /** The end of the last closed window of {@code signal}, or {@link #NONE} before its first point. */
    long closedThrough(final String signal) {
        return clock(signal)[1];
    }

    /** True when the window of {@code signal} with this start has been closed (emitted) already. */
    boolean closed(final String signal, final long windowStart) {
        final long closed = closedThrough(signal);
        return closed != NONE && windowStart + rules.sizeMillis() <= closed;
    }

    /**
     * Moves the stream time of {@code signal} to {@code time} (never back); when windows close, the closer runs
     * first (not on the signal's first point, which only starts its clock). Saves the clock.
     */
    void advance(final String signal, final long time, final Closer closer) {
        final long[] clock = clock(signal);
        if (clock[0] != NONE && time <= clock[0]) {
            return;
        }
        clock[0] = time;
        final long delayed = time - rules.graceMillis();
        final long closable = delayed - Math.floorMod(delayed, rules.sizeMillis());
        if (closable > clock[1]) {
            if (clock[1] != NONE) {
                closer.closeThrough(signal, closable);
            }
            clock[1] = closable;
        }
        store.put(CLOCK_PREFIX + signal, ByteBuffer.allocate(2 * Long.BYTES).putLong(clock[0]).putLong(clock[1]).array());
    }

    /** The open windows of every series of {@code signal} ({@code <entity>|<signal>}), sorted by key. */
    List<KeyValue<String, byte[]>> entries(final String signal) {
        final String suffix = "|" + signal;
        final List<KeyValue<String, byte[]>> entries = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> {
                if (!entry.key.startsWith(CLOCK_PREFIX) && entry.key.endsWith(suffix)) {
                    entries.add(entry);
                }
            });
        }
        entries.sort((a, b) -> a.key.compareTo(b.key));
        return entries;
    }

    private long[] clock(final String signal) {
        return clocks.computeIfAbsent(signal, s -> {
            final byte[] saved = store.get(CLOCK_PREFIX + s);
            if (saved == null) {
                return new long[] {NONE, NONE};
            }
            final ByteBuffer buffer = ByteBuffer.wrap(saved);
            return new long[] {buffer.getLong(), buffer.getLong()};
        });
    }
}
