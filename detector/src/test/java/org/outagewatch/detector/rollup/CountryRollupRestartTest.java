package org.outagewatch.detector.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.common.Progress;
import org.outagewatch.detector.signals.FoldedSignal;
import org.outagewatch.detector.signals.SignalFoldProcessor;
import org.outagewatch.schemas.SignalPoint;

/** A {@link CountryRollupProcessor} restarted on its predecessor's store carries on with the same sums and markers. */
class CountryRollupRestartTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    private static final long WINDOW = RollupFixture.SETTINGS.windowSize().toMillis();
    private static final String STORE = CountryRollupTopology.STATE_STORE;
    private static final String TRAFFIC = FoldedSignal.TRAFFIC_VOLUME.id();
    private static final String FOLDER = SignalFoldProcessor.TRAFFIC_GROUP;

    private static Instant window(final int n) {
        return T0.plusMillis(n * WINDOW);
    }

    private static MockProcessorContext<String, SignalPoint> context(final KeyValueStore<String, byte[]> store) {
        final MockProcessorContext<String, SignalPoint> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return context;
    }

    /** A point of window {@code n} of the country DE (as the keyer forwards it). */
    private static void process(final CountryRollupProcessor processor, final int n, final double value) {
        final SignalPoint point = SignalPoint.newBuilder().setEntity("DE").setSignal(TRAFFIC)
                .setWindowStart(window(n)).setWindowEnd(window(n + 1)).setValue(value).setCoverage(1).build();
        processor.process(new Record<>("DE|" + TRAFFIC, new RollupInput.Point(point), window(n).toEpochMilli()));
    }

    /** Stage-2 task {@code reader} of two has every traffic-folder point before window {@code n}. */
    private static void mark(final CountryRollupProcessor processor, final int reader, final int n) {
        final Progress marker = new Progress(FOLDER, reader, 2, window(n).toEpochMilli(), false);
        processor.process(new Record<>(marker.key(), new RollupInput.Mark(marker), window(n).toEpochMilli()));
    }

    private static String row(final MockProcessorContext.CapturedForward<? extends String, ? extends SignalPoint> f) {
        return f.record().value().getWindowStart() + "=" + f.record().value().getValue() + "/" + f.record().value().getCoverage();
    }

    @Test
    void shouldCarryOnFromTheStoreAfterARestart() {
        final KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        final MockProcessorContext<String, SignalPoint> first = context(store);
        final CountryRollupProcessor before = new CountryRollupProcessor(STORE, WINDOW, 1);
        before.init(first);
        process(before, 0, 10);
        process(before, 1, 20);
        process(before, 0, 5);
        mark(before, 0, 2);
        mark(before, 1, 1);
        assertThat(first.forwarded()).filteredOn(f -> !Progress.isMarker(f.record().value()))
                .extracting(CountryRollupRestartTest::row).containsExactly(window(0) + "=15.0/2");

        final MockProcessorContext<String, SignalPoint> second = context(store);
        final CountryRollupProcessor after = new CountryRollupProcessor(STORE, WINDOW, 1);
        after.init(second);
        // window 1's open sum and the markers survive the restart, and window 0 is still known to be closed
        process(after, 1, 2);
        process(after, 0, 100);
        mark(after, 1, 2);
        assertThat(second.forwarded()).filteredOn(f -> !Progress.isMarker(f.record().value()))
                .extracting(CountryRollupRestartTest::row).containsExactly(window(1) + "=22.0/2");
        assertThat(second.metrics().metrics().keySet()).anySatisfy(name ->
                assertThat(name.name()).isEqualTo(CountryRollupProcessor.LATE_POINTS + "-total"));
    }
}
