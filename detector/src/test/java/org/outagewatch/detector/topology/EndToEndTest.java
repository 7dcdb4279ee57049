package org.outagewatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagewatch.detector.topology.DetectorFixture.at;
import static org.outagewatch.detector.topology.DetectorFixture.sample;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.signals.FoldedSignal;
import org.outagewatch.schemas.AlertSeverity;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.OutageAlert;

class EndToEndTest {
    private static final int DAY_MINUTES = 24 * 60;

    @Test
    void shouldTurnASilentHalfHourOfTrafficIntoOneResolvedCriticalAlert() {
        final int outageStart = DAY_MINUTES + 6 * 60;
        final int outageEnd = outageStart + 30;
        try (DetectorFixture fixture = new DetectorFixture(DetectorSettings.defaults())) {
            for (int minute = 0; minute < DAY_MINUTES + 9 * 60; minute++) {
                final long bytes = Math.round(1e6 * (1 + 0.3 * Math.sin(2 * Math.PI * minute / DAY_MINUTES)));
                if (minute < outageStart || minute >= outageEnd) {
                    fixture.pipe(sample(100, bytes, at(minute)));
                }
                // a second network keeps stream time moving while AS100 is silent
                fixture.pipe(sample(200, bytes, at(minute)));
            }
            final List<OutageAlert> alerts = fixture.alerts.readValuesToList();
            assertThat(alerts).extracting(a -> a.getEntity() + "|" + a.getSignal())
                    .containsOnly("AS100|" + FoldedSignal.TRAFFIC_VOLUME.id());
            assertThat(alerts).extracting(OutageAlert::getStatus).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
            final OutageAlert open = alerts.get(0);
            assertThat(open.getSeverity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(open.getStartedAt()).isEqualTo(at(outageStart));
            assertThat(open.getCoverage()).isZero();
            assertThat(open.getScore()).isZero();
            final OutageAlert resolved = alerts.get(1);
            assertThat(resolved.getEndedAt()).isEqualTo(at(outageEnd));
            assertThat(resolved.getDurationMinutes()).isEqualTo(30.0);
            assertThat(resolved.getAlertArea()).isEqualTo(100.0 * 30);
        }
    }
}
