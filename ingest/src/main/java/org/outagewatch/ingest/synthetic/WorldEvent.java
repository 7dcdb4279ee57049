package org.outagewatch.ingest.synthetic;

import java.time.Instant;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.TrafficSample;

/**
 * One event of the synthetic world, with its Kafka key (the entity id {@code AS<asn>}) and its event time.
 * A closed set: an outside-in {@link Probe} result or a {@link Traffic} counter sample.
 */
public sealed interface WorldEvent {
    /** The Kafka key: the entity the event informs, {@code AS<asn>}. */
    String key();

    /** The event time; also the Kafka record timestamp. */
    Instant eventTime();

    /** The Avro value. */
    SpecificRecord value();

    /** An outside-in probe of a target in the keyed ASN, for the probe-results topic. */
    record Probe(String key, ProbeResult value) implements WorldEvent {
        public Probe {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Instant eventTime() {
            return value.getMeasuredAt();
        }
    }

    /** Traffic counted for the keyed ASN over one interval, for the traffic-samples topic. */
    record Traffic(String key, TrafficSample value) implements WorldEvent {
        public Traffic {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Instant eventTime() {
            return value.getIntervalStart();
        }
    }
}
