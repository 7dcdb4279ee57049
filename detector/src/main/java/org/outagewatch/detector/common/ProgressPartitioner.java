package org.outagewatch.detector.common;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends progress markers to every partition of the topic (so that every reader task gets them, in order with the
 * points before them) and every other record where the default partitioner would (by its key's hash).
 */
public final class ProgressPartitioner<K, V> implements StreamPartitioner<K, V> {
    private final Predicate<V> marker;

    public ProgressPartitioner(final Predicate<V> marker) {
        this.marker = marker;
    }

    /** For signal-points: markers are the {@code progress/} entities. */
    public static <K> ProgressPartitioner<K, org.outagewatch.schemas.SignalPoint> signalPoints() {
        return new ProgressPartitioner<>(Progress::isMarker);
    }

    @Override
    public Optional<Set<Integer>> partitions(final String topic, final K key, final V value, final int numPartitions) {
        if (value == null || !marker.test(value)) {
            return Optional.empty();
        }
        final Set<Integer> all = new HashSet<>(numPartitions * 2);
        for (int p = 0; p < numPartitions; p++) {
            all.add(p);
        }
        return Optional.of(all);
    }
}
