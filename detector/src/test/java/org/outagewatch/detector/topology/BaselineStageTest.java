package org.outagewatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagewatch.detector.topology.DetectorFixture.at;

import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.baseline.BaselineProcessor;
import org.outagewatch.detector.signals.FoldedSignal;
import org.outagewatch.detector.signals.SignalFoldProcessor;
import org.outagewatch.schemas.AlertSeverity;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.SignalPoint;

class BaselineStageTest {
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults();
    private static final int WINDOW_MINUTES = (int) SETTINGS.windowSize().toMinutes();
    private static final int WARM_UP_WINDOWS = (int) (SETTINGS.warmUp().toMinutes() / WINDOW_MINUTES);
    private static final String ENTITY = "AS100";
    private static final String SIGNAL = "telescope.unique-sources";
    private static final String KEY = ENTITY + "|" + SIGNAL;

    private final DetectorFixture fixture = new DetectorFixture(SETTINGS);

    @AfterEach
    void close() {
        fixture.close();
    }

    private void publish(final String entity, final String signal, final int window, final double value, final long coverage) {
        final SignalPoint point = SignalPoint.newBuilder()
                .setEntity(entity)
                .setSignal(signal)
                .setWindowStart(at(window * WINDOW_MINUTES))
                .setWindowEnd(at((window + 1) * WINDOW_MINUTES))
                .setValue(value)
                .setCoverage(coverage)
                .build();
        fixture.pointsIn.pipeInput(entity + "|" + signal, point, at(window * WINDOW_MINUTES));
    }

    private static double daily(final int window) {
        return 1000 * (1 + 0.3 * Math.sin(2 * Math.PI * window / WARM_UP_WINDOWS));
    }

    private List<KeyValue<String, OutageAlert>> run(final int windows, final IntToDoubleFunction value) {
        for (int w = 0; w < windows; w++) {
            publish(ENTITY, SIGNAL, w, value.applyAsDouble(w), 50);
        }
        return fixture.alerts.readKeyValuesToList();
    }

    @Test
    void shouldStaySilentDuringWarmUpAndOnSeasonalVariation() {
        // an outage during warm-up is not alerted; afterwards the daily cycle alone never alerts
        final List<KeyValue<String, OutageAlert>> alerts = run(3 * WARM_UP_WINDOWS,
                w -> w >= 100 && w < 110 ? 0.0 : daily(w));
        assertThat(alerts).isEmpty();
    }

    @Test
    void shouldOpenUpdateAndResolveWithEvidence() {
        final int start = WARM_UP_WINDOWS + 60;
        final List<KeyValue<String, OutageAlert>> alerts = run(WARM_UP_WINDOWS + 100, w -> {
            if (w >= start && w < start + 3) {
                return 0.5 * daily(w);
            }
            if (w >= start + 3 && w < start + 6) {
                return 0.0;
            }
            return daily(w);
        });
        assertThat(alerts).extracting(kv -> kv.key).containsOnly(KEY);
        assertThat(alerts).extracting(kv -> kv.value.getStatus())
                .containsExactly(AlertStatus.OPEN, AlertStatus.UPDATE, AlertStatus.RESOLVED);
        final OutageAlert open = alerts.get(0).value;
        final String alertId = KEY + "|" + at(start * WINDOW_MINUTES).toEpochMilli();
        assertThat(alerts).extracting(kv -> kv.value.getAlertId()).containsOnly(alertId);
        assertThat(open.getEntity()).isEqualTo(ENTITY);
        assertThat(open.getSignal()).isEqualTo(SIGNAL);
        assertThat(open.getSeverity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(open.getStartedAt()).isEqualTo(at(start * WINDOW_MINUTES));
        assertThat(open.getWindowStart()).isEqualTo(at(start * WINDOW_MINUTES));
        assertThat(open.getWindowEnd()).isEqualTo(at((start + 1) * WINDOW_MINUTES));
        assertThat(open.getObserved()).isEqualTo(0.5 * daily(start));
        assertThat(open.getExpected()).isCloseTo(daily(start), org.assertj.core.data.Offset.offset(daily(start) * 0.05));
        assertThat(open.getScore()).isEqualTo(open.getObserved() / open.getExpected());
        assertThat(open.getCoverage()).isEqualTo(50);
        assertThat(open.getEndedAt()).isNull();
        assertThat(open.getDurationMinutes()).isNull();
        assertThat(alerts.get(1).value.getSeverity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(alerts.get(1).value.getScore()).isZero();
        final OutageAlert resolved = alerts.get(2).value;
        assertThat(resolved.getSeverity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(resolved.getEndedAt()).isEqualTo(at((start + 6) * WINDOW_MINUTES));
        assertThat(resolved.getDurationMinutes()).isEqualTo(6.0 * WINDOW_MINUTES);
        assertThat(resolved.getAlertArea()).isBetween(3 * 45.0 * WINDOW_MINUTES + 3 * 100.0 * WINDOW_MINUTES,
                3 * 55.0 * WINDOW_MINUTES + 3 * 100.0 * WINDOW_MINUTES);
        assertThat(resolved.getWindowStart()).isEqualTo(at((start + 7) * WINDOW_MINUTES));
    }

    @Test
    void shouldNotAlertOnProbeWindowsWithTooLittleCoverage() {
        final String probe = FoldedSignal.PROBE_REACHABLE.id();
        for (int w = 0; w < WARM_UP_WINDOWS + 20; w++) {
            final boolean thin = w > WARM_UP_WINDOWS + 5;
            publish(ENTITY, probe, w, thin ? 0.0 : 0.95, thin ? SETTINGS.minCoverage() - 1 : 20);
        }
        assertThat(fixture.alerts.isEmpty()).isTrue();
        publish(ENTITY, probe, WARM_UP_WINDOWS + 20, 0.0, 20);
        assertThat(fixture.alerts.readValuesToList()).extracting(OutageAlert::getStatus).containsExactly(AlertStatus.OPEN);
    }

    @Test
    void shouldCountPointsThatArriveOutOfOrder() {
        publish(ENTITY, SIGNAL, 5, 10, 1);
        publish(ENTITY, SIGNAL, 4, 10, 1);
        publish(ENTITY, SIGNAL, 5, 10, 1);
        assertThat(fixture.metric(BaselineProcessor.STALE_POINTS + "-total")).isEqualTo(2.0);
        assertThat(fixture.metric(SignalFoldProcessor.LATE_RECORDS + "-total")).isZero();
    }
}
