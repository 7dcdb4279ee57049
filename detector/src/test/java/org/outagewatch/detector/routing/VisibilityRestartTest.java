package org.outagewatch.detector.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.common.Progress;
import org.outagewatch.detector.common.ProgressRules;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.RouteUpdate;
import org.outagewatch.schemas.RouteUpdateType;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.serde.SpecificAvroSerde;

/** A {@link VisibilityProcessor} restarted on the store its predecessor wrote carries on where it stopped. */
class VisibilityRestartTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    private static final long WINDOW = 5 * 60_000L;
    private static final long HORIZON = 6 * 3_600_000L;
    private static final RoutingRules RULES = new RoutingRules(1, 100, 0.5);
    private static final String STATE = RoutingTopology.STATE_STORE;
    private static final String PLACES = "asn-places";

    private static Instant at(final double minutes) {
        return T0.plusMillis(Math.round(minutes * 60_000));
    }

    private static RouteUpdate update(final RouteUpdateType type, final String peer, final String prefix,
                                      final Long origin, final Instant when) {
        return RouteUpdate.newBuilder().setSource(MeasurementSource.BGP).setCollector("rrc00").setPeerAsn(65_000)
                .setPeerAddress(peer).setType(type).setPrefix(prefix).setOriginAsn(origin).setObservedAt(when).build();
    }

    private static MockProcessorContext<String, SignalPoint> context(final KeyValueStore<String, byte[]> state,
                                                                     final TimestampedKeyValueStore<String, AsnInfo> places) {
        final MockProcessorContext<String, SignalPoint> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(0L);
        state.init(context.getStateStoreContext(), state);
        places.init(context.getStateStoreContext(), places);
        context.addStateStore(state);
        context.addStateStore(places);
        return context;
    }

    private static void process(final VisibilityProcessor processor, final RouteUpdate update) {
        processor.process(new Record<>(update.getPrefix(), update, update.getObservedAt().toEpochMilli()));
    }

    @Test
    void shouldRebuildItsTableFromTheStoreAndKeepCounting() {
        final KeyValueStore<String, byte[]> state = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STATE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        final SpecificAvroSerde<AsnInfo> asnSerde = new SpecificAvroSerde<>(AsnInfo.class);
        asnSerde.configure(Map.of("schema.registry.url", "mock://routing-restart"), false);
        final TimestampedKeyValueStore<String, AsnInfo> places = Stores.timestampedKeyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(PLACES), Serdes.String(), asnSerde).withLoggingDisabled().build();

        final MockProcessorContext<String, SignalPoint> first = context(state, places);
        final VisibilityProcessor before = new VisibilityProcessor(STATE, PLACES, RULES, WINDOW, HORIZON, ProgressRules.SINGLE_TASK);
        before.init(first);
        for (final String peer : List.of("192.0.2.1", "192.0.2.2")) {
            process(before, update(RouteUpdateType.RIB, peer, "10.0.0.0/24", 64_999L, at(0.5)));
            process(before, update(RouteUpdateType.RIB, peer, "10.0.1.0/24", 64_999L, at(0.5)));
            process(before, update(RouteUpdateType.RIB, peer, "198.51.0.0/16", 64_500L, at(0.5)));
        }
        process(before, update(RouteUpdateType.ANNOUNCE, "192.0.2.1", "203.0.113.0/24", 64_501L, at(6)));
        assertThat(first.forwarded()).filteredOn(f -> !Progress.isMarker(f.record().value())).extracting(f -> f.record().value().getEntity() + "=" + f.record().value().getValue())
                .containsExactlyInAnyOrder("AS64999=2.0", "AS64500=256.0");

        final MockProcessorContext<String, SignalPoint> second = context(state, places);
        final VisibilityProcessor after = new VisibilityProcessor(STATE, PLACES, RULES, WINDOW, HORIZON, ProgressRules.SINGLE_TASK);
        after.init(second);
        process(after, update(RouteUpdateType.ANNOUNCE, "192.0.2.2", "203.0.113.0/24", 64_501L, at(7)));
        process(after, update(RouteUpdateType.PEER_UP, "192.0.2.3", null, null, at(10.5)));
        assertThat(second.forwarded()).filteredOn(f -> !Progress.isMarker(f.record().value())).as("window 5-10 (the restored clock) from the restored table and the new route")
                .extracting(f -> f.record().value().getWindowStart() + " " + f.record().value().getEntity() + "="
                        + f.record().value().getValue())
                .containsExactlyInAnyOrder(at(5) + " AS64999=2.0", at(5) + " AS64500=256.0", at(5) + " AS64501=1.0");
    }
}
