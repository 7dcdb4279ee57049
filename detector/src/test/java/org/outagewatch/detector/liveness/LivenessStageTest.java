package org.outagewatch.detector.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.testing.DetectorDriver;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.ConnectionEventType;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.SignalPoint;

/** The liveness stage inside the whole detector topology: connection events in, connected-probe points out. */
class LivenessStageTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    private static final long QUIET = 64_500;
    private static final long BUSY = 64_501;
    private static final long OTHER = 64_502;

    private DetectorDriver driver;
    private TestInputTopic<String, ConnectionEvent> events;
    private TestOutputTopic<String, SignalPoint> points;

    @BeforeEach
    void start() {
        driver = DetectorDriver.start("liveness", Map.of("application.id", "liveness-test"),
                settings -> DetectorSettings.defaults(), T0);
        events = driver.input(driver.topics.atlasConnections());
        points = driver.output(driver.topics.signalPoints());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static Instant at(final double minutes) {
        return T0.plusMillis(Math.round(minutes * 60_000));
    }

    private void pipe(final long asn, final long probe, final ConnectionEventType type, final Instant when) {
        final ConnectionEvent event = ConnectionEvent.newBuilder().setSource(MeasurementSource.RIPE_ATLAS)
                .setProbeId(probe).setAsn(asn).setCountry("KE").setEvent(type).setOccurredAt(when).build();
        events.pipeInput("AS" + asn, event, when);
    }

    private void connect(final long asn, final long probe, final double minutes) {
        pipe(asn, probe, ConnectionEventType.CONNECT, at(minutes));
    }

    private void disconnect(final long asn, final long probe, final double minutes) {
        pipe(asn, probe, ConnectionEventType.DISCONNECT, at(minutes));
    }

    /** The liveness points of one ASN, as "window end in minutes=connected/known"; the value is their share. */
    private static List<String> series(final List<SignalPoint> all, final long asn) {
        return all.stream()
                .filter(p -> p.getSignal().equals(LivenessProcessor.SIGNAL) && p.getEntity().equals("AS" + asn))
                .peek(p -> assertThat(p.getValue())
                        .isEqualTo((double) p.getBreakdown().get(LivenessProcessor.CONNECTED) / p.getCoverage()))
                .map(p -> (p.getWindowEnd().toEpochMilli() - T0.toEpochMilli()) / 60_000 + "="
                        + p.getBreakdown().get(LivenessProcessor.CONNECTED) + "/" + p.getCoverage())
                .toList();
    }

    private List<SignalPoint> emitted() {
        return points.readValuesToList();
    }

    private double metric(final String name) {
        return driver.metric(name);
    }

    @Test
    void shouldCountConnectedProbesAtEachWindowEnd() {
        connect(BUSY, 1, 1);
        connect(BUSY, 2, 2);
        connect(OTHER, 9, 5.5);
        connect(BUSY, 3, 4.5); // after stream time passed the window's end, within the grace
        connect(BUSY, 4, 6);
        disconnect(BUSY, 5, 7); // first seen disconnecting: was connected before, now known and down
        connect(OTHER, 9, 16.5);

        final List<SignalPoint> all = emitted();
        assertThat(series(all, BUSY)).containsExactly("5=3/3", "10=4/5", "15=4/5");
        assertThat(all).filteredOn(p -> p.getSignal().equals(LivenessProcessor.SIGNAL))
                .allSatisfy(p -> assertThat(p.getWindowEnd()).isEqualTo(p.getWindowStart().plusSeconds(300)));
    }

    @Test
    void shouldDropToZeroInABurstOfDisconnectionsAndComeBackWithReconnections() {
        for (long probe = 1; probe <= 3; probe++) {
            connect(BUSY, probe, 1);
        }
        disconnect(BUSY, 1, 6);
        disconnect(BUSY, 2, 6.5);
        disconnect(BUSY, 3, 7);
        connect(BUSY, 1, 16);
        connect(BUSY, 3, 17);
        connect(OTHER, 9, 21.5);

        assertThat(series(emitted(), BUSY)).containsExactly("5=3/3", "10=0/3", "15=0/3", "20=2/3");
    }

    @Test
    void shouldKeepPointsForQuietNetworksAndZeroPointsForTheActiveHorizon() {
        connect(QUIET, 1, 1);
        connect(QUIET, 2, 1);
        connect(BUSY, 3, 1);
        disconnect(BUSY, 3, 2);
        connect(OTHER, 9, 400);

        final List<SignalPoint> all = emitted();
        final long horizonWindows = DetectorSettings.defaults().activeHorizon().toMinutes() / 5;
        assertThat(series(all, QUIET)).hasSize(79).allSatisfy(p -> assertThat(p).endsWith("=2/2"));
        assertThat(series(all, BUSY)).hasSize((int) horizonWindows).allSatisfy(p -> assertThat(p).endsWith("=0/1"))
                .last().isEqualTo("360=0/1");
    }

    @Test
    void shouldEmitTheWindowsThatOneEventClosesWindowByWindow() {
        connect(BUSY, 1, 1);
        connect(QUIET, 2, 1);
        connect(OTHER, 9, 16.5);
        assertThat(emitted()).filteredOn(p -> p.getSignal().equals(LivenessProcessor.SIGNAL))
                .extracting(p -> (p.getWindowEnd().toEpochMilli() - T0.toEpochMilli()) / 60_000 + " " + p.getEntity())
                .containsExactly("5 AS" + QUIET, "5 AS" + BUSY, "10 AS" + QUIET, "10 AS" + BUSY,
                        "15 AS" + QUIET, "15 AS" + BUSY);
    }

    @Test
    void shouldMoveAProbeThatConnectsFromAnotherAsnOutOfTheOneItLeft() {
        connect(BUSY, 1, 1);
        connect(BUSY, 2, 1);
        connect(BUSY, 3, 1);
        disconnect(BUSY, 3, 6);
        connect(QUIET, 3, 7); // probe 3 now connects from QUIET: it moved, BUSY did not lose it
        connect(OTHER, 9, 11);
        disconnect(BUSY, 1, 12); // a probe that goes down stays known, disconnected
        connect(OTHER, 9, 16.5);

        final List<SignalPoint> all = emitted();
        assertThat(series(all, BUSY)).containsExactly("5=3/3", "10=2/2", "15=1/2");
        assertThat(series(all, QUIET)).containsExactly("10=1/1", "15=1/1");
    }

    @Test
    void shouldApplyLateEventsToTheStateAndCountThem() {
        connect(BUSY, 1, 1);
        connect(BUSY, 2, 1);
        connect(OTHER, 9, 11);
        disconnect(BUSY, 1, 3); // late: windows through minute 10 are closed
        connect(BUSY, 2, 0.5); // late and older than probe 2's last event: changes nothing
        connect(OTHER, 9, 16.5);

        assertThat(series(emitted(), BUSY)).containsExactly("5=2/2", "10=2/2", "15=1/2");
        assertThat(metric(LivenessProcessor.LATE_RECORDS + "-total")).isEqualTo(2.0);
    }
}
