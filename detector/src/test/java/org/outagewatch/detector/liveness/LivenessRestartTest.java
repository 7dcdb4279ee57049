package org.outagewatch.detector.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.common.Progress;
import org.outagewatch.detector.common.ProgressRules;
import org.outagewatch.detector.common.WindowRules;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.ConnectionEventType;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.SignalPoint;

/** A {@link LivenessProcessor} restarted on its predecessor's store carries on with the same probes and clock. */
class LivenessRestartTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    private static final WindowRules RULES = DetectorSettings.defaults().windowRules();
    private static final String STORE = LivenessTopology.STATE_STORE;

    private static Instant at(final double minutes) {
        return T0.plusMillis(Math.round(minutes * 60_000));
    }

    private static MockProcessorContext<String, SignalPoint> context(final KeyValueStore<String, byte[]> store) {
        final MockProcessorContext<String, SignalPoint> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(0L);
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return context;
    }

    private static void process(final LivenessProcessor processor, final long probe, final ConnectionEventType type,
                                final double minutes) {
        final ConnectionEvent event = ConnectionEvent.newBuilder().setSource(MeasurementSource.RIPE_ATLAS)
                .setProbeId(probe).setAsn(64_500L).setEvent(type).setOccurredAt(at(minutes)).build();
        processor.process(new Record<>("AS64500", event, at(minutes).toEpochMilli()));
    }

    @Test
    void shouldCarryOnFromTheStoreAfterARestart() {
        final KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        final MockProcessorContext<String, SignalPoint> first = context(store);
        final LivenessProcessor before = new LivenessProcessor(STORE, RULES, ProgressRules.SINGLE_TASK);
        before.init(first);
        process(before, 1, ConnectionEventType.CONNECT, 1);
        process(before, 2, ConnectionEventType.CONNECT, 2);
        process(before, 3, ConnectionEventType.CONNECT, 6.5);
        assertThat(first.forwarded()).filteredOn(f -> !Progress.isMarker(f.record().value())).extracting(f -> f.record().value().getBreakdown().get(LivenessProcessor.CONNECTED))
                .containsExactly(2L);

        final MockProcessorContext<String, SignalPoint> second = context(store);
        final LivenessProcessor after = new LivenessProcessor(STORE, RULES, ProgressRules.SINGLE_TASK);
        after.init(second);
        process(after, 1, ConnectionEventType.DISCONNECT, 8);
        process(after, 2, ConnectionEventType.CONNECT, 11.5);
        assertThat(second.forwarded()).filteredOn(f -> !Progress.isMarker(f.record().value())).extracting(f -> f.record().value().getBreakdown().get(LivenessProcessor.CONNECTED)
                        + "/" + f.record().value().getCoverage()).containsExactly("2/3");
    }
}
