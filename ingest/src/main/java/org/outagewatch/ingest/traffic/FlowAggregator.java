package org.outagewatch.ingest.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.outagewatch.ingest.asn.PrefixTable;
import org.outagewatch.ingest.source.Fields;
import org.outagewatch.ingest.source.InvalidRecordException;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Parsed;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.TrafficSample;

/**
 * goflow2 JSON flow records to {@link TrafficSample}s per ASN per interval. Consumes one flow at a time with
 * {@link #add} (goflow2 v2 fields {@code time_flow_start_ns} or else {@code time_received_ns}, {@code bytes},
 * {@code packets}, {@code sampling_rate}, {@code src_addr}, {@code dst_addr}, {@code src_as}, {@code dst_as}; the v1
 * names {@code TimeFlowStart}, {@code TimeReceived} (seconds), {@code Bytes}, {@code Packets}, {@code SamplingRate},
 * {@code SrcAddr}, {@code DstAddr}, {@code SrcAS}, {@code DstAS} are read too); produces the sums at {@link #drain}.
 *
 * <p>A flow counts for the ASN of its source, of its destination, or both ({@link Side}; once when both are the
 * same ASN), in the interval of its start time (aligned to the epoch). The ASN is the record's {@code *_as} when it
 * is not 0, else the address in the prefix table. Bytes and packets are multiplied by the sampling rate when it is
 * above 1. A flow with no ASN on any counted side, a missing time or counter, or a negative counter is rejected.
 * Sums are held until {@link #drain}, or {@link #drainBefore} a watermark for a stream (memory: one entry per ASN
 * and open interval); used by one thread.
 */
public final class FlowAggregator {
    /** Which end of a flow the traffic is counted for. */
    public enum Side { SRC, DST, BOTH }

    private record Bucket(long intervalStartMillis, long asn) implements Comparable<Bucket> {
        @Override
        public int compareTo(final Bucket other) {
            final int byTime = Long.compare(intervalStartMillis, other.intervalStartMillis);
            return byTime != 0 ? byTime : Long.compare(asn, other.asn);
        }
    }

    private static final class Sums {
        private long bytes;
        private long packets;
        private long flows;
    }

    private final PrefixTable table;
    private final long intervalMillis;
    private final Side side;
    private final Map<Bucket, Sums> sums = new TreeMap<>();
    private long flowsAdded;
    private Instant latestStart;

    public FlowAggregator(final PrefixTable table, final Duration interval, final Side side) {
        this.table = table == null ? PrefixTable.builder().build() : table;
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("The interval must be positive: " + interval);
        }
        this.intervalMillis = interval.toMillis();
        this.side = side;
    }

    /** Adds one flow record; nothing to publish yet, or the reason it cannot be used. */
    public Parsed add(final JsonNode node) {
        if (!node.isObject()) {
            return Parsed.rejected("Not a goflow2 flow record but " + node.getNodeType());
        }
        final Instant start = start(node);
        final long rate = Math.max(1, orZero(node, "sampling_rate", "SamplingRate"));
        final long bytes = Math.multiplyExact(counter(node, "bytes", "Bytes"), rate);
        final long packets = Math.multiplyExact(counter(node, "packets", "Packets"), rate);
        final long src = side == Side.DST ? PrefixTable.NO_ASN : asn(node, "src_as", "SrcAS", "src_addr", "SrcAddr");
        final long dst = side == Side.SRC ? PrefixTable.NO_ASN : asn(node, "dst_as", "DstAS", "dst_addr", "DstAddr");
        if (src == PrefixTable.NO_ASN && dst == PrefixTable.NO_ASN) {
            return Parsed.rejected("Flow with no known ASN on the counted side(s) (" + side + "): src "
                    + address(node, "src_addr", "SrcAddr") + ", dst " + address(node, "dst_addr", "DstAddr"));
        }
        final long bucketStart = Math.floorDiv(start.toEpochMilli(), intervalMillis) * intervalMillis;
        if (src != PrefixTable.NO_ASN) {
            count(bucketStart, src, bytes, packets);
        }
        if (dst != PrefixTable.NO_ASN && dst != src) {
            count(bucketStart, dst, bytes, packets);
        }
        flowsAdded++;
        if (latestStart == null || start.isAfter(latestStart)) {
            latestStart = start;
        }
        return Parsed.of();
    }

    /** Flow records aggregated so far. */
    public long flowsAdded() {
        return flowsAdded;
    }

    /** The latest flow start added so far, or null before the first flow. */
    public Instant latestStart() {
        return latestStart;
    }

    /** The samples so far, by interval start then ASN, keyed {@code AS<asn>}; the sums start over. */
    public List<Keyed> drain() {
        return drainBefore(Instant.MAX);
    }

    /**
     * The samples of the intervals that end at or before the watermark, by interval start then ASN; their sums are
     * removed (a flow added later for such an interval starts a new sample for it).
     */
    public List<Keyed> drainBefore(final Instant watermark) {
        final List<Keyed> samples = new ArrayList<>();
        final int seconds = Math.toIntExact(intervalMillis / 1000);
        final Iterator<Map.Entry<Bucket, Sums>> entries = sums.entrySet().iterator();
        while (entries.hasNext()) {
            final Map.Entry<Bucket, Sums> entry = entries.next();
            final Bucket bucket = entry.getKey();
            if (watermark != Instant.MAX
                    && bucket.intervalStartMillis() + intervalMillis > watermark.toEpochMilli()) {
                break;
            }
            final Sums total = entry.getValue();
            final Instant start = Instant.ofEpochMilli(bucket.intervalStartMillis());
            samples.add(new Keyed("AS" + bucket.asn(), TrafficSample.newBuilder()
                    .setSource(MeasurementSource.FLOW_COLLECTOR)
                    .setAsn(bucket.asn())
                    .setIntervalStart(start)
                    .setIntervalSeconds(seconds)
                    .setBytes(total.bytes)
                    .setPackets(total.packets)
                    .setFlows(total.flows)
                    .build(), start));
            entries.remove();
        }
        return samples;
    }

    private void count(final long bucketStart, final long asn, final long bytes, final long packets) {
        final Sums total = sums.computeIfAbsent(new Bucket(bucketStart, asn), bucket -> new Sums());
        total.bytes += bytes;
        total.packets += packets;
        total.flows++;
    }

    private static Instant start(final JsonNode node) {
        for (final String field : new String[] {"time_flow_start_ns", "time_received_ns"}) {
            final Long nanos = Fields.optionalLong(node, field);
            if (nanos != null && nanos > 0) {
                return Fields.checked(field, Instant.ofEpochSecond(0, nanos));
            }
        }
        for (final String field : new String[] {"TimeFlowStart", "TimeReceived", "time_flow_start", "time_received"}) {
            final Long seconds = Fields.optionalLong(node, field);
            if (seconds != null && seconds > 0) {
                return Fields.checked(field, Instant.ofEpochSecond(seconds));
            }
        }
        throw new InvalidRecordException("Flow without a time (time_flow_start_ns, time_received_ns)");
    }

    private static long counter(final JsonNode node, final String field, final String legacy) {
        final Long value = node.has(field) ? Fields.optionalLong(node, field) : Fields.optionalLong(node, legacy);
        if (value == null) {
            throw new InvalidRecordException("Field '" + field + "' is missing");
        }
        if (value < 0) {
            throw new InvalidRecordException("Field '" + field + "' is negative: " + value);
        }
        return value;
    }

    private static long orZero(final JsonNode node, final String field, final String legacy) {
        final Long value = node.has(field) ? Fields.optionalLong(node, field) : Fields.optionalLong(node, legacy);
        return value == null ? 0 : value;
    }

    private long asn(final JsonNode node, final String asField, final String legacyAs, final String addrField,
                     final String legacyAddr) {
        final long recorded = orZero(node, asField, legacyAs);
        if (recorded > 0) {
            return recorded;
        }
        return table.lookup(address(node, addrField, legacyAddr));
    }

    private static String address(final JsonNode node, final String field, final String legacy) {
        final String text = Fields.text(node, field);
        return text != null ? text : Fields.text(node, legacy);
    }
}
