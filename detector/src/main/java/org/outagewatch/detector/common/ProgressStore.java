package org.outagewatch.detector.common;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A reader's {@link ProgressTracker} kept in a logged key-value store (keys {@value #PREFIX}{@code <group>|<task>},
 * beside whatever else the store holds), written in the same transaction as the reader's output, so a restarted
 * reader knows how far its writers were without waiting for their next markers.
 */
public final class ProgressStore {
    /** Sorts before every entity id. */
    public static final String PREFIX = "\u0000progress|";

    private final KeyValueStore<String, byte[]> store;
    private final ProgressTracker tracker = new ProgressTracker();

    /** Loads the markers saved in {@code store}. */
    public ProgressStore(final KeyValueStore<String, byte[]> store) {
        this.store = store;
        try (KeyValueIterator<String, byte[]> saved = store.prefixScan(PREFIX,
                new org.apache.kafka.common.serialization.StringSerializer())) {
            saved.forEachRemaining(entry -> tracker.update(Progress.decode(entry.value)));
        }
    }

    /** Takes a marker; true (and saved) when it changes what is known. */
    public boolean update(final Progress progress) {
        if (!tracker.update(progress)) {
            return false;
        }
        store.put(PREFIX + progress.group() + "|" + progress.task(), progress.encode());
        return true;
    }

    public ProgressTracker tracker() {
        return tracker;
    }

    /** True for a key of this class's entries. */
    public static boolean isProgressKey(final String key) {
        return key.startsWith(PREFIX);
    }
}
