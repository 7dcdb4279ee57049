package org.outagewatch.detector.signals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Stage 1's state: every series' live {@link SeriesState} in memory, written through to a logged key-value store
 * (key {@code AS<asn>|<signal>}, value the encoded series; one extra key for the task's clock) when Streams
 * commits.
 *
 * <p>How it stays exactly-once: this wrapper is the store Streams registers (it passes itself as the root when it
 * initialises the inner store, so the inner store registers it under the shared name and changelog). In Kafka
 * Streams 4.3 a task's {@code prepareCommit} (before the transaction commits) flushes only the caches of stores
 * that are {@link CachedStateStore}s; {@link StateStore#commit(Map)} runs later, in {@code postCommit}, after the
 * transaction (checked against the 4.3.1 classes). So the wrapper takes the cache's place: in
 * {@link #flushCache()} it writes the series changed since the last commit into the inner store, whose
 * change-logging layer sends them to the changelog inside the open transaction, together with the output and the
 * input offsets. {@code CachedStateStore} is a Streams-internal interface: an upgrade must re-check this (the
 * changelog test in {@code SignalStageTest} fails if the hook is no longer called). A restore fills the inner store; {@link #load()} (called by the processor
 * when it starts, after restoration) rebuilds the live map from it. An aborted transaction is followed by a task
 * revival that re-initialises this store, which drops the live map.
 *
 * <p>The processor mutates the {@link SeriesState}s in place and calls {@link #touched(SeriesState)}: the
 * per-record path allocates nothing here.
 */
public final class SignalFoldStore implements StateStore, CachedStateStore<String, byte[]> {
    static final String CLOCK_KEY = "~clock";
    static final long NONE = Long.MIN_VALUE;

    private final KeyValueStore<String, byte[]> inner;
    private final Map<FoldedSignal, LongMap<SeriesState>> series = new EnumMap<>(FoldedSignal.class);
    private final List<SeriesState> dirty = new ArrayList<>();
    private final List<String> deleted = new ArrayList<>();
    private long streamTime = NONE;
    private long closedThrough = NONE;
    private boolean clockDirty;

    SignalFoldStore(final KeyValueStore<String, byte[]> inner) {
        this.inner = inner;
        for (final FoldedSignal signal : FoldedSignal.values()) {
            series.put(signal, new LongMap<>());
        }
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(final StateStoreContext context, final StateStore root) {
        forget();
        inner.init(context, root);
    }

    /** Called by the task before the transaction commits: writes what changed into the logged store. */
    @Override
    public void flushCache() {
        writeChanges();
    }

    /** Called when the task's state manager is recycled; the processor reloads when it starts again. */
    @Override
    public void clearCache() {
        forget();
    }

    @Override
    public boolean setFlushListener(final CacheFlushListener<String, byte[]> listener, final boolean sendOldValues) {
        return false;
    }

    /** Called after the transaction (or at checkpoints): nothing should be left to write; commits the inner store. */
    @Override
    public void commit(final Map<TopicPartition, Long> changelogOffsets) {
        writeChanges();
        inner.commit(changelogOffsets);
    }

    private void writeChanges() {
        for (final String key : deleted) {
            inner.delete(key);
        }
        deleted.clear();
        for (final SeriesState state : dirty) {
            if (state.dirty) {
                inner.put(state.key(), state.toBytes());
                state.dirty = false;
            }
        }
        dirty.clear();
        if (clockDirty) {
            inner.put(CLOCK_KEY, ByteBuffer.allocate(16).putLong(streamTime).putLong(closedThrough).array());
            clockDirty = false;
        }
    }

    @Override
    public void close() {
        forget();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    @Override
    public <R> QueryResult<R> query(final Query<R> query, final PositionBound positionBound, final QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    private void forget() {
        series.values().forEach(LongMap::clear);
        dirty.clear();
        deleted.clear();
        streamTime = NONE;
        closedThrough = NONE;
        clockDirty = false;
    }

    /** Rebuilds the live state from the logged store (after initialisation and restoration). */
    public void load() {
        forget();
        try (KeyValueIterator<String, byte[]> all = inner.all()) {
            while (all.hasNext()) {
                final KeyValue<String, byte[]> entry = all.next();
                if (CLOCK_KEY.equals(entry.key)) {
                    final ByteBuffer clock = ByteBuffer.wrap(entry.value);
                    streamTime = clock.getLong();
                    closedThrough = clock.getLong();
                } else {
                    final SeriesState state = SeriesState.fromBytes(entry.key, entry.value);
                    if (state != null) {
                        series.get(state.signal).put(state.asn, state);
                    }
                }
            }
        }
    }

    SeriesState get(final FoldedSignal signal, final long asn) {
        return series.get(signal).get(asn);
    }

    SeriesState create(final FoldedSignal signal, final long asn, final long firstWindowStart, final long seen) {
        final SeriesState state = new SeriesState(signal, asn, firstWindowStart, seen);
        series.get(signal).put(asn, state);
        touched(state);
        return state;
    }

    /** Marks a series as changed, to be written at the next commit. */
    void touched(final SeriesState state) {
        if (!state.dirty) {
            state.dirty = true;
            dirty.add(state);
        }
    }

    void remove(final SeriesState state) {
        series.get(state.signal).remove(state.asn);
        state.dirty = false;
        deleted.add(state.key());
    }

    void forEach(final FoldedSignal signal, final Consumer<SeriesState> action) {
        series.get(signal).forEachValue(action);
    }

    /** Number of live series, all signals. */
    public int seriesCount() {
        int n = 0;
        for (final LongMap<SeriesState> map : series.values()) {
            n += map.size();
        }
        return n;
    }

    long streamTime() {
        return streamTime;
    }

    long closedThrough() {
        return closedThrough;
    }

    void advanceClock(final long newStreamTime, final long newClosedThrough) {
        if (newStreamTime != streamTime || newClosedThrough != closedThrough) {
            streamTime = newStreamTime;
            closedThrough = newClosedThrough;
            clockDirty = true;
        }
    }
}
