package org.outagewatch.detector.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.AlertSeverity;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.OutageAlert;

class RecentRecordsProcessorTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    private static final Duration RETENTION = HistoryStores.RETENTION;

    private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    private final RecentRecordsProcessor<OutageAlert> processor = new RecentRecordsProcessor<>(HistoryStores.ALERT_HISTORY,
            RETENTION, OutageAlert::getAlertId, HistoryStores::endOf);
    private KeyValueStore<String, OutageAlert> store;

    private static Instant at(final double hours) {
        return T0.plusMillis(Math.round(hours * 3_600_000));
    }

    @BeforeEach
    void init() {
        final Serde<OutageAlert> avro = Serdes.serdeFrom((topic, a) -> bytes(a), (topic, b) -> alert(b));
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(HistoryStores.ALERT_HISTORY), Serdes.String(),
                avro).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor.init(context);
    }

    private static byte[] bytes(final OutageAlert alert) {
        try {
            return alert.toByteBuffer().array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OutageAlert alert(final byte[] bytes) {
        try {
            return OutageAlert.fromByteBuffer(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OutageAlert alert(final String series, final AlertStatus status, final double startHours,
                                     final Double endHours) {
        return OutageAlert.newBuilder().setAlertId(series + "|" + at(startHours).toEpochMilli()).setEntity("AS1")
                .setSignal(series).setStatus(status).setSeverity(AlertSeverity.CRITICAL).setStartedAt(at(startHours))
                .setEndedAt(endHours == null ? null : at(endHours)).setWindowStart(at(startHours))
                .setWindowEnd(at(startHours + 0.1)).setExpected(1).setObserved(0).setScore(0).setCoverage(1).build();
    }

    @Test
    void shouldKeepTheLatestStateByIdAndForgetEndedOnesAfterTheRetention() {
        final OutageAlert open = alert("AS1|traffic.volume", AlertStatus.OPEN, 1, null);
        final OutageAlert resolved = alert("AS1|traffic.volume", AlertStatus.RESOLVED, 1, 2.0);
        final OutageAlert stillOpen = alert("AS1|probe.reachable", AlertStatus.OPEN, 1.5, null);
        processor.process(new Record<>("AS1|traffic.volume", open, at(1).toEpochMilli()));
        processor.process(new Record<>("AS1|probe.reachable", stillOpen, at(1.5).toEpochMilli()));
        processor.process(new Record<>("AS1|traffic.volume", resolved, at(2).toEpochMilli()));
        assertThat(store.get(open.getAlertId())).isEqualTo(resolved);
        assertThat(store.approximateNumEntries()).isEqualTo(2);

        // the sweep is a stream-time punctuation
        assertThat(context.scheduledPunctuators()).hasSize(1);
        final long justInside = at(2).plus(RETENTION).toEpochMilli();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(justInside);
        assertThat(store.get(resolved.getAlertId())).isNotNull();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(justInside + 1);
        assertThat(store.get(resolved.getAlertId())).isNull();
        // open alerts stay however old
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(at(2).plus(RETENTION.multipliedBy(10)).toEpochMilli());
        assertThat(store.get(stillOpen.getAlertId())).isEqualTo(stillOpen);
    }
}
