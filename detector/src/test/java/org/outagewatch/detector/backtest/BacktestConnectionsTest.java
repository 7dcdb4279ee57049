package org.outagewatch.detector.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.liveness.LivenessProcessor;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.ConnectionEventType;
import org.outagewatch.schemas.MeasurementSource;

/** RIPE Atlas connection events go through the liveness stage of a backtest like live ones. */
class BacktestConnectionsTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    private static final int DAY_MINUTES = 24 * 60;
    private static final int OUTAGE_START = DAY_MINUTES + 6 * 60 + 2;
    private static final int OUTAGE_MINUTES = 30;
    private static final int END = DAY_MINUTES + 9 * 60;
    private static final long WATCHED_ASN = 64500;
    private static final long CLOCK_ASN = 64501;
    private static final long CLOCK_PROBE = 9;

    private static Instant at(final double minutes) {
        return T0.plusMillis(Math.round(minutes * 60_000));
    }

    private static BacktestRecord event(final long probe, final long asn, final boolean connect, final double minute) {
        return new BacktestRecord.Connection(ConnectionEvent.newBuilder().setSource(MeasurementSource.RIPE_ATLAS)
                .setProbeId(probe).setAsn(asn)
                .setEvent(connect ? ConnectionEventType.CONNECT : ConnectionEventType.DISCONNECT)
                .setOccurredAt(at(minute)).build());
    }

    /** Three probes of one ASN connected for a day and six hours, then all gone for 30 minutes; another ASN's probe
     * reconnects within a minute every ten minutes, which moves stream time. */
    private static List<BacktestRecord> threeProbesGoDark() {
        final List<BacktestRecord> input = new ArrayList<>();
        for (long probe = 1; probe <= 3; probe++) {
            input.add(event(probe, WATCHED_ASN, true, probe));
            input.add(event(probe, WATCHED_ASN, false, OUTAGE_START + probe / 10.0));
            input.add(event(probe, WATCHED_ASN, true, OUTAGE_START + OUTAGE_MINUTES));
        }
        for (int minute = 0; minute < END; minute += 10) {
            input.add(event(CLOCK_PROBE, CLOCK_ASN, false, minute + 2));
            input.add(event(CLOCK_PROBE, CLOCK_ASN, true, minute + 3));
        }
        return BacktestEngine.inEventTimeOrder(input);
    }

    @Test
    void shouldAlertOnAnAsnWhoseProbesAllDisconnect() {
        final BacktestRun run = BacktestEngine.run(DetectorSettings.defaults(), threeProbesGoDark());

        assertThat(run.entities()).containsExactlyInAnyOrder("AS" + WATCHED_ASN, "AS" + CLOCK_ASN);
        assertThat(run.alerts()).singleElement().satisfies(a -> {
            assertThat(a.entity()).isEqualTo("AS" + WATCHED_ASN);
            assertThat(a.signal()).isEqualTo(LivenessProcessor.SIGNAL);
            assertThat(a.openedAt()).isAfter(at(OUTAGE_START)).isBeforeOrEqualTo(at(OUTAGE_START + 5));
            assertThat(a.end()).isNotNull();
        });
    }
}
