package org.outagewatch.detector.signals;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A small open-addressing map from {@code long} to objects, so that the per-record lookup by ASN neither boxes
 * nor allocates. Not thread-safe; removal uses backward-shift deletion (no tombstones).
 */
final class LongMap<V> {
    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;

    LongMap() {
        allocate(64);
    }

    private void allocate(final int capacity) {
        keys = new long[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    V get(final long key) {
        int i = slot(key);
        while (values[i] != null) {
            if (keys[i] == key) {
                return (V) values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    void put(final long key, final V value) {
        if ((size + 1) * 4 > keys.length * 3) {
            grow();
        }
        int i = slot(key);
        while (values[i] != null) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    void remove(final long key) {
        int i = slot(key);
        while (values[i] != null) {
            if (keys[i] == key) {
                shiftBack(i);
                size--;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    private void shiftBack(final int removed) {
        int gap = removed;
        int i = (gap + 1) & mask;
        while (values[i] != null) {
            final int home = slot(keys[i]);
            final boolean movable = gap <= i ? (home <= gap || home > i) : (home <= gap && home > i);
            if (movable) {
                keys[gap] = keys[i];
                values[gap] = values[i];
                gap = i;
            }
            i = (i + 1) & mask;
        }
        values[gap] = null;
        keys[gap] = 0;
    }

    void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    @SuppressWarnings("unchecked")
    void forEachValue(final Consumer<V> action) {
        for (final Object value : values) {
            if (value != null) {
                action.accept((V) value);
            }
        }
    }

    private void grow() {
        final long[] oldKeys = keys;
        final Object[] oldValues = values;
        allocate(oldKeys.length * 2);
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                @SuppressWarnings("unchecked") final V v = (V) oldValues[i];
                put(oldKeys[i], v);
            }
        }
    }

    private int slot(final long key) {
        final long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
