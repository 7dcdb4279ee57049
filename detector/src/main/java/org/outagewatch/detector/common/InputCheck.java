package org.outagewatch.detector.common;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.ProbeResultBatch;
import org.outagewatch.schemas.RouteUpdate;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.TrafficSampleBatch;

/**
 * The plausibility rules of the detector's input records, in plain Java: a record that breaks one would poison
 * state (an event time in 2100 moves a task's clock past every window it will ever see; a NaN or negative counter
 * is summed into a window; an ASN outside 0..2^32-1 is no network). {@link #problem} names the first rule broken, or
 * returns null.
 *
 * <pre>
 * every type       event time in [{@value #EARLIEST_TEXT}, wall clock + {@link #MAX_AHEAD}]
 * ASNs             0 .. 4294967295 (0: unknown, as an Atlas vantage without one)
 * ProbeResult      rttMillis null or finite and &gt;= 0
 * TrafficSample    intervalSeconds &gt; 0; bytes, packets, flows, requests &gt;= 0
 * RouteUpdate      every ASN of the path in range
 * ConnectionEvent  probeId &gt;= 0
 * SignalPoint      value finite and &gt;= 0, coverage &gt;= 0, windowEnd &gt;= windowStart; progress markers (our
 *                  own, whose window may be 0 before the first close) are exempt from the time rule
 * </pre>
 * The wall clock bounds only the future: history of any age after {@value #EARLIEST_TEXT} replays the same.
 */
public final class InputCheck {
    /** The largest ASN (32 bits, RFC 6793). */
    public static final long MAX_ASN = 0xFFFF_FFFFL;
    static final String EARLIEST_TEXT = "1990-01-01T00:00:00Z";
    /** No measurement we read is older than this (the oldest BGP archives start in 1997). */
    public static final Instant EARLIEST = Instant.parse(EARLIEST_TEXT);
    /** How far past the wall clock an event time may be (clock skew of a collector). */
    public static final Duration MAX_AHEAD = Duration.ofDays(1);

    private InputCheck() {
    }

    /** The first rule {@code value} breaks at wall-clock time {@code nowMillis}, or null when it breaks none. */
    public static String problem(final Object value, final long nowMillis) {
        if (value instanceof ProbeResultBatch batch) {
            return batch(batch.getResults(), nowMillis);
        } else if (value instanceof TrafficSampleBatch batch) {
            return batch(batch.getSamples(), nowMillis);
        } else if (value instanceof ProbeResult probe) {
            return first(time("measuredAt", probe.getMeasuredAt(), nowMillis),
                    asn("vantageAsn", probe.getVantageAsn()), asn("targetAsn", probe.getTargetAsn()),
                    rtt(probe.getRttMillis()));
        } else if (value instanceof TrafficSample sample) {
            return first(time("intervalStart", sample.getIntervalStart(), nowMillis), asn("asn", sample.getAsn()),
                    sample.getIntervalSeconds() > 0 ? null : "intervalSeconds " + sample.getIntervalSeconds() + " is not positive",
                    counter("bytes", sample.getBytes()), counter("packets", sample.getPackets()),
                    counter("flows", sample.getFlows()), counter("requests", sample.getRequests()));
        } else if (value instanceof RouteUpdate update) {
            return first(time("observedAt", update.getObservedAt(), nowMillis), asn("peerAsn", update.getPeerAsn()),
                    asn("originAsn", update.getOriginAsn()), path(update));
        } else if (value instanceof ConnectionEvent event) {
            return first(time("occurredAt", event.getOccurredAt(), nowMillis), asn("asn", event.getAsn()),
                    counter("probeId", event.getProbeId()));
        } else if (value instanceof SignalPoint point) {
            return point(point, nowMillis);
        }
        return value == null ? "null value" : "unexpected type " + value.getClass().getName();
    }

    /** A batch is refused whole, naming its first bad event: it is empty, or an event breaks a rule. */
    private static String batch(final List<?> events, final long nowMillis) {
        if (events.isEmpty()) {
            return "empty batch";
        }
        for (int i = 0; i < events.size(); i++) {
            final String problem = problem(events.get(i), nowMillis);
            if (problem != null) {
                return "event " + i + " of " + events.size() + " in the batch: " + problem;
            }
        }
        return null;
    }

    private static String point(final SignalPoint point, final long nowMillis) {
        final double v = point.getValue();
        return first(Progress.isMarker(point) ? null : time("windowStart", point.getWindowStart(), nowMillis),
                Progress.isMarker(point) ? null : time("windowEnd", point.getWindowEnd(), nowMillis),
                point.getWindowEnd().isBefore(point.getWindowStart()) ? "windowEnd is before windowStart" : null,
                Double.isFinite(v) && v >= 0 ? null : "value " + v + " is not a finite non-negative number",
                counter("coverage", point.getCoverage()));
    }

    private static String time(final String field, final Instant time, final long nowMillis) {
        final long millis = time.toEpochMilli();
        if (millis < EARLIEST.toEpochMilli()) {
            return field + " " + time + " is before " + EARLIEST_TEXT;
        }
        if (millis > nowMillis + MAX_AHEAD.toMillis()) {
            return field + " " + time + " is more than " + MAX_AHEAD.toHours() + "h after the wall clock ("
                    + Instant.ofEpochMilli(nowMillis) + ")";
        }
        return null;
    }

    private static String asn(final String field, final Long asn) {
        return asn == null || (asn >= 0 && asn <= MAX_ASN) ? null : field + " " + asn + " is outside 0.." + MAX_ASN;
    }

    private static String counter(final String field, final Long count) {
        return count == null || count >= 0 ? null : field + " " + count + " is negative";
    }

    private static String rtt(final Double rtt) {
        return rtt == null || (Double.isFinite(rtt) && rtt >= 0) ? null : "rttMillis " + rtt + " is not a finite non-negative number";
    }

    private static String path(final RouteUpdate update) {
        if (update.getAsPath() == null) {
            return null;
        }
        for (final Long asn : update.getAsPath()) {
            final String problem = asn("asPath", asn);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String first(final String... problems) {
        for (final String problem : problems) {
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
