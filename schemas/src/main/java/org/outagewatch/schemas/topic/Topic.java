package org.outagewatch.schemas.topic;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its name, its key and value serdes, and how it is laid out. Built once by
 * {@link TopicCatalog}; code never spells a topic name itself.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions, boolean compacted, String doc) {
    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }
}
