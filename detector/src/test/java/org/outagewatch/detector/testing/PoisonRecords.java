package org.outagewatch.detector.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.outagewatch.detector.common.InputCheck;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.ConnectionEventType;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.ProbeMethod;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.RouteUpdate;
import org.outagewatch.schemas.RouteUpdateType;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * The poison records of issue 13 for each input topic of the detector, as the raw bytes a producer would write,
 * and a good record of each topic (to show the detector keeps going after the poison).
 */
public final class PoisonRecords {
    /** A case: its name (for messages), the topic, the value's bytes (null for a null value), a word of the expected reason. */
    public record Poison(String name, String topic, byte[] value, String reason) {
        @Override
        public String toString() {
            return topic + ": " + name;
        }
    }

    public static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    static final Instant EPOCH = Instant.EPOCH;
    static final Instant YEAR_2100 = Instant.parse("2100-01-01T00:00:00Z");
    static final long TOO_LARGE_ASN = InputCheck.MAX_ASN + 1;
    /** The size of the large record: 10 MiB. */
    public static final int LARGE = 10 << 20;

    private final TopicCatalog topics;

    public PoisonRecords(final TopicCatalog topics) {
        this.topics = topics;
    }

    /** The detector's input topics that {@link #poisons} covers. */
    public List<Topic<String, ?>> inputTopics() {
        return List.of(topics.probeResults(), topics.trafficSamples(), topics.routingUpdates(), topics.atlasConnections(),
                topics.signalPoints());
    }

    public static ProbeResult probe(final long asn, final Instant when) {
        return ProbeResult.newBuilder().setSource(MeasurementSource.SYNTHETIC).setProbeId("probe-1").setVantageAsn(64_496)
                .setTarget("192.0.2.1").setTargetAsn(asn).setMethod(ProbeMethod.PING).setOutcome(ProbeOutcome.OK)
                .setRttMillis(12.5).setMeasuredAt(when).build();
    }

    public static TrafficSample sample(final long asn, final Instant when) {
        return TrafficSample.newBuilder().setSource(MeasurementSource.SYNTHETIC).setAsn(asn).setIntervalStart(when)
                .setIntervalSeconds(60).setBytes(1_000_000).setPackets(1_000).build();
    }

    public static RouteUpdate route(final long origin, final Instant when) {
        return RouteUpdate.newBuilder().setSource(MeasurementSource.BGP).setCollector("rrc00").setPeerAsn(3333)
                .setPeerAddress("193.0.0.56").setType(RouteUpdateType.ANNOUNCE).setPrefix("192.0.2.0/24")
                .setOriginAsn(origin).setAsPath(List.of(3333L, origin)).setObservedAt(when).build();
    }

    public static ConnectionEvent connection(final long asn, final Instant when) {
        return ConnectionEvent.newBuilder().setSource(MeasurementSource.RIPE_ATLAS).setProbeId(1001).setAsn(asn)
                .setEvent(ConnectionEventType.CONNECT).setOccurredAt(when).build();
    }

    public static SignalPoint point(final String entity, final Instant when) {
        return SignalPoint.newBuilder().setEntity(entity).setSignal("telescope.unique-sources").setWindowStart(when)
                .setWindowEnd(when.plusSeconds(300)).setValue(42).setCoverage(1).build();
    }

    /** A good record of {@code topic} at {@code when}, serialized by the topic's own serializer. */
    public byte[] good(final Topic<String, ?> topic, final Instant when) {
        return bytes(topic, goodValue(topic, when));
    }

    private SpecificRecord goodValue(final Topic<String, ?> topic, final Instant when) {
        if (topic.equals(topics.probeResults())) {
            return probe(100, when);
        } else if (topic.equals(topics.trafficSamples())) {
            return sample(100, when);
        } else if (topic.equals(topics.routingUpdates())) {
            return route(100, when);
        } else if (topic.equals(topics.atlasConnections())) {
            return connection(100, when);
        }
        return point("AS100", when);
    }

    /** Every poison case of {@code topic}. */
    public List<Poison> poisons(final Topic<String, ?> topic) {
        final List<Poison> cases = new ArrayList<>();
        final String name = topic.name();
        cases.add(new Poison("not Avro", name, "not avro at all".getBytes(StandardCharsets.UTF_8), "magic byte"));
        final byte[] unknownId = good(topic, T0);
        unknownId[1] = 0x7f;
        cases.add(new Poison("unknown schema id", name, unknownId, "schema"));
        final byte[] other = bytes(topics.asnMetadata(), AsnInfo.newBuilder().setAsn(100).setName("EXAMPLE").setCountry("KE")
                .setSource("test").build());
        cases.add(new Poison("another record type", name, other, "AsnInfo"));
        cases.add(new Poison("null value", name, null, "null value"));
        cases.add(new Poison("timestamp in 1970", name, good(topic, EPOCH), "before"));
        cases.add(new Poison("timestamp in 2100", name, good(topic, YEAR_2100), "after the wall clock"));
        if (topic.equals(topics.probeResults())) {
            cases.add(typed(topic, "negative counter (rtt)", probe(100, T0), p -> p.setRttMillis(-5.0), "rttMillis"));
            cases.add(typed(topic, "NaN (rtt)", probe(100, T0), p -> p.setRttMillis(Double.NaN), "NaN"));
            cases.add(typed(topic, "ASN out of range", probe(100, T0), p -> p.setTargetAsn(TOO_LARGE_ASN), "targetAsn"));
            final char[] huge = new char[LARGE];
            Arrays.fill(huge, 'x');
            cases.add(typed(topic, "10 MB record", probe(100, T0), p -> p.setTarget(new String(huge)), "bytes"));
        } else if (topic.equals(topics.trafficSamples())) {
            cases.add(typed(topic, "negative counter (bytes)", sample(100, T0), s -> s.setBytes(-1), "bytes -1"));
            cases.add(typed(topic, "negative counter (packets)", sample(100, T0), s -> s.setPackets(-7), "packets"));
            cases.add(typed(topic, "ASN out of range", sample(100, T0), s -> s.setAsn(-1), "asn -1"));
        } else if (topic.equals(topics.routingUpdates())) {
            cases.add(typed(topic, "ASN out of range (origin)", route(100, T0), r -> r.setOriginAsn(TOO_LARGE_ASN), "originAsn"));
            cases.add(typed(topic, "ASN out of range (path)", route(100, T0), r -> r.setAsPath(List.of(3333L, -4L)), "asPath"));
        } else if (topic.equals(topics.atlasConnections())) {
            cases.add(typed(topic, "negative counter (probe id)", connection(100, T0), c -> c.setProbeId(-1), "probeId"));
            cases.add(typed(topic, "ASN out of range", connection(100, T0), c -> c.setAsn(TOO_LARGE_ASN), "asn"));
        } else {
            cases.add(typed(topic, "NaN value", point("AS100", T0), p -> p.setValue(Double.NaN), "NaN"));
            cases.add(typed(topic, "negative value", point("AS100", T0), p -> p.setValue(-3.0), "value -3"));
            cases.add(typed(topic, "negative coverage", point("AS100", T0), p -> p.setCoverage(-1), "coverage"));
        }
        return cases;
    }

    private <R extends SpecificRecord> Poison typed(final Topic<String, ?> topic, final String name, final R value,
                                                    final Consumer<R> change, final String reason) {
        change.accept(value);
        return new Poison(name, topic.name(), bytes(topic, value), reason);
    }

    @SuppressWarnings("unchecked")
    private static byte[] bytes(final Topic<String, ?> topic, final Object value) {
        return ((Topic<String, Object>) topic).valueSerde().serializer().serialize(topic.name(), value);
    }
}
