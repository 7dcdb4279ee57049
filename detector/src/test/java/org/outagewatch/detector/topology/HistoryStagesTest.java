package org.outagewatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagewatch.detector.topology.DetectorFixture.at;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.history.HistoryStores;
import org.outagewatch.detector.history.ScoredPoint;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.SignalPoint;

/** The API's history stores beside stage 2: scored points per series, and the alerts by id. */
class HistoryStagesTest {
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

    private void publish(final int window, final double value) {
        final SignalPoint point = SignalPoint.newBuilder().setEntity(ENTITY).setSignal(SIGNAL)
                .setWindowStart(at(window * WINDOW_MINUTES)).setWindowEnd(at((window + 1) * WINDOW_MINUTES))
                .setValue(value).setCoverage(50).build();
        fixture.pointsIn.pipeInput(KEY, point, at(window * WINDOW_MINUTES));
    }

    private static double daily(final int window) {
        return 1000 * (1 + 0.3 * Math.sin(2 * Math.PI * window / WARM_UP_WINDOWS));
    }

    private List<ScoredPoint> history(final Instant from, final Instant to) {
        final WindowStore<String, ScoredPoint> store = fixture.driver.getWindowStore(HistoryStores.SERIES_HISTORY);
        final List<ScoredPoint> points = new ArrayList<>();
        try (WindowStoreIterator<ScoredPoint> it = store.fetch(KEY, from, to)) {
            it.forEachRemaining(kv -> points.add(kv.value));
        }
        return points;
    }

    @Test
    void shouldRecordEveryPointWithTheExpectationTheScorerUsedAndKeepItsAlerts() {
        final int start = WARM_UP_WINDOWS + 60;
        final int windows = WARM_UP_WINDOWS + 100;
        for (int w = 0; w < windows; w++) {
            publish(w, w >= start && w < start + 4 ? 0.0 : daily(w));
        }
        final List<KeyValue<String, OutageAlert>> alerts = fixture.alerts.readKeyValuesToList();
        assertThat(alerts).extracting(kv -> kv.value.getStatus()).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        final OutageAlert open = alerts.get(0).value;

        final List<ScoredPoint> points = history(at(0), at(windows * WINDOW_MINUTES));
        assertThat(points).hasSize(windows);
        final ScoredPoint atOpen = points.get(start);
        assertThat(atOpen.windowStart()).isEqualTo(open.getWindowStart().toEpochMilli());
        assertThat(atOpen.observed()).isEqualTo(open.getObserved());
        // read before the scorer learned from the point: the very value the alert was raised against
        assertThat(atOpen.expected()).isEqualTo(open.getExpected());
        assertThat(atOpen.low()).isEqualTo(open.getExpected() * SETTINGS.learnLow());
        assertThat(atOpen.high()).isEqualTo(open.getExpected() * SETTINGS.learnHigh());
        assertThat(atOpen.alertBelow()).isEqualTo(open.getExpected() * SETTINGS.warningRatio());
        assertThat(atOpen.coverage()).isEqualTo(50);
        assertThat(points.get(0).expected()).isNaN();
        assertThat(points.get(start - 1).observed()).isEqualTo(daily(start - 1));

        final KeyValueStore<String, OutageAlert> byId = fixture.driver.getKeyValueStore(HistoryStores.ALERT_HISTORY);
        final OutageAlert kept = byId.get(open.getAlertId());
        assertThat(kept.getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(kept).isEqualTo(alerts.get(1).value);
    }

    @Test
    void shouldForgetPointsOlderThanTheRetention() {
        publish(0, 10.0);
        publish(1, 11.0);
        assertThat(history(at(0), at(10))).hasSize(2);
        // a point eight days later moves stream time past the retention of the first two
        final int later = (int) (Duration.ofDays(8).toMinutes() / WINDOW_MINUTES);
        publish(later, 12.0);
        assertThat(history(at(0), at(10))).isEmpty();
        assertThat(history(at(later * WINDOW_MINUTES), at(later * WINDOW_MINUTES))).extracting(ScoredPoint::observed)
                .containsExactly(12.0);
    }
}
