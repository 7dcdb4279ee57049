package org.outagewatch.ingest.source;

import java.time.Instant;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/** One event ready to publish: its Kafka key (the entity), its Avro value and its event time (the record timestamp). */
public record Keyed(String key, SpecificRecord value, Instant eventTime) {
    public Keyed {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(eventTime, "eventTime");
    }
}
