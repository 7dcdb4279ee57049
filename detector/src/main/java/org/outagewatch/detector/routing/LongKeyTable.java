package org.outagewatch.detector.routing;

import java.util.function.ObjLongConsumer;

/**
 * An open-addressing hash table from {@code long} keys to objects (linear probing, backward-shift removal), sized
 * for a million entries at about 12-24 bytes each plus the values, where a {@code HashMap<String, V>} takes about
 * 100. Not thread-safe.
 */
final class LongKeyTable<V> {
    private long[] keys = new long[16];
    private Object[] values = new Object[16];
    private int size;

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    V get(final long key) {
        final int mask = keys.length - 1;
        for (int i = home(key, mask); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return (V) values[i];
            }
        }
        return null;
    }

    void put(final long key, final V value) {
        if ((size + 1) * 4L > keys.length * 3L) {
            resize(keys.length * 2);
        }
        final int mask = keys.length - 1;
        int i = home(key, mask);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    void remove(final long key) {
        final int mask = keys.length - 1;
        for (int i = home(key, mask); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                closeGap(i, mask);
                size--;
                return;
            }
        }
    }

    /** Calls {@code action} with every value and key; the action must not change the table. */
    @SuppressWarnings("unchecked")
    void forEach(final ObjLongConsumer<V> action) {
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null) {
                action.accept((V) values[i], keys[i]);
            }
        }
    }

    private void closeGap(final int removed, final int mask) {
        int gap = removed;
        for (int i = (gap + 1) & mask; values[i] != null; i = (i + 1) & mask) {
            final int home = home(keys[i], mask);
            // the entry at i may fill the gap when its home is not in the cyclic range (gap, i]
            final boolean fills = gap < i ? home <= gap || home > i : home <= gap && home > i;
            if (fills) {
                keys[gap] = keys[i];
                values[gap] = values[i];
                gap = i;
            }
        }
        keys[gap] = 0;
        values[gap] = null;
    }

    @SuppressWarnings("unchecked")
    private void resize(final int capacity) {
        final long[] oldKeys = keys;
        final Object[] oldValues = values;
        keys = new long[capacity];
        values = new Object[capacity];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], (V) oldValues[i]);
            }
        }
    }

    private static int home(final long key, final int mask) {
        final long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32) & mask;
    }
}
