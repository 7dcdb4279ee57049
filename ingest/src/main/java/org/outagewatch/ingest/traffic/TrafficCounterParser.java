package org.outagewatch.ingest.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.outagewatch.ingest.asn.PrefixTable;
import org.outagewatch.ingest.source.Fields;
import org.outagewatch.ingest.source.InvalidRecordException;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Parsed;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.TrafficSample;

/**
 * Traffic counters, one row per key and interval (CSV rows or JSON objects with the fields {@code timestamp, key,
 * bytes[, packets][, flows][, requests][, interval][, country]}), to {@link TrafficSample}s keyed {@code AS<asn>}.
 * Pure. {@code key} is an ASN ({@code AS64512} or {@code 64512}) or a prefix/address, mapped to its origin ASN by the
 * prefix table (the prefix's network address, longest match). {@code timestamp} is the interval start (epoch seconds
 * or ISO-8601); {@code interval} its length in seconds, else the default. {@code bytes} is required, the other
 * counters optional ({@code packets} 0 when absent, as for a CDN that counts requests); a negative counter, a
 * non-positive interval or a key no table knows is rejected with the reason.
 */
public final class TrafficCounterParser {
    private final PrefixTable table;
    private final Duration defaultInterval;

    public TrafficCounterParser(final PrefixTable table, final Duration defaultInterval) {
        this.table = table == null ? PrefixTable.builder().build() : table;
        if (defaultInterval.isNegative() || defaultInterval.isZero()) {
            throw new IllegalArgumentException("The interval must be positive: " + defaultInterval);
        }
        this.defaultInterval = defaultInterval;
    }

    /** Maps one counter row. */
    public Parsed parse(final JsonNode node) {
        if (!node.isObject()) {
            return Parsed.rejected("Not a traffic counter object but " + node.getNodeType());
        }
        final Instant start = Fields.instant("timestamp", Fields.text(node, "timestamp"));
        final long asn = EntityAsn.of(Fields.text(node, "key"), table);
        final Long interval = Fields.optionalLong(node, "interval");
        if (interval != null && interval <= 0) {
            throw new InvalidRecordException("Field 'interval' is not positive: " + interval);
        }
        final TrafficSample sample = TrafficSample.newBuilder()
                .setSource(MeasurementSource.TRAFFIC_COUNTER)
                .setAsn(asn)
                .setCountry(Fields.text(node, "country"))
                .setIntervalStart(start)
                .setIntervalSeconds(Math.toIntExact(interval != null ? interval : defaultInterval.toSeconds()))
                .setBytes(counter(node, "bytes", true))
                .setPackets(counter(node, "packets", false))
                .setFlows(optionalCounter(node, "flows"))
                .setRequests(optionalCounter(node, "requests"))
                .build();
        return Parsed.of(new Keyed("AS" + asn, sample, start));
    }

    private static long counter(final JsonNode node, final String field, final boolean required) {
        final Long value = optionalCounter(node, field);
        if (value == null && required) {
            throw new InvalidRecordException("Field '" + field + "' is missing");
        }
        return value == null ? 0 : value;
    }

    private static Long optionalCounter(final JsonNode node, final String field) {
        final Long value = Fields.optionalLong(node, field);
        if (value != null && value < 0) {
            throw new InvalidRecordException("Field '" + field + "' is negative: " + value);
        }
        return value;
    }
}
