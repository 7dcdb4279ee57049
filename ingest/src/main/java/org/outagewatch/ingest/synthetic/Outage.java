package org.outagewatch.ingest.synthetic;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One injected outage of one network over [start, end). During it traffic is scaled by (1 - depth) and each
 * probe fails with probability depth: 1.0 is a full outage, 0.5 a partial one that halves everything.
 */
public record Outage(long asn, Instant start, Instant end, double depth) {
    public Outage {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("Outage of AS" + asn + " must end after it starts: " + start + " .. " + end);
        }
        if (!(depth > 0.0 && depth <= 1.0)) {
            throw new IllegalArgumentException("Outage depth must be in (0, 1], not " + depth);
        }
    }

    /** The entity id, as used for Kafka keys and labels: {@code AS<asn>}. */
    public String entityId() {
        return SyntheticAsn.entityId(asn);
    }

    public OutageKind kind() {
        return OutageKind.of(depth);
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    /** True when this outage and [from, to) share at least one instant. */
    public boolean overlaps(final Instant from, final Instant to) {
        return start.isBefore(to) && from.isBefore(end);
    }

    /** True when the instant lies in [start, end). */
    public boolean covers(final Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }
}
