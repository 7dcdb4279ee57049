package org.outagewatch.detector.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.signals.FoldedSignal;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.TrafficSample;

class BacktestEngineTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    private static final int DAY_MINUTES = 24 * 60;
    private static final int STEP = 5;
    private static final int OUTAGE_START = DAY_MINUTES + 6 * 60;
    private static final int OUTAGE_END = OUTAGE_START + 30;

    private static Instant at(final double minutes) {
        return T0.plusMillis(Math.round(minutes * 60_000));
    }

    private static double level(final int minute) {
        return 1e6 * (1 + 0.3 * Math.sin(2 * Math.PI * minute / DAY_MINUTES));
    }

    private static List<BacktestRecord> seriesWithOutage(final String entity) {
        final List<BacktestRecord> input = new ArrayList<>();
        for (int minute = 0; minute < DAY_MINUTES + 9 * 60; minute += STEP) {
            final boolean down = minute >= OUTAGE_START && minute < OUTAGE_END;
            input.add(new BacktestRecord.Point(SignalPoint.newBuilder().setEntity(entity).setSignal("telescope.unique-sources")
                    .setWindowStart(at(minute)).setWindowEnd(at(minute + STEP)).setValue(down ? 0.0 : level(minute))
                    .setCoverage(1L).build()));
        }
        return input;
    }

    @Test
    void shouldScoreASeriesOutageAsOneTimelyTrueAlert() {
        final BacktestRun run = BacktestEngine.run(DetectorSettings.defaults(), seriesWithOutage("XX"));
        assertThat(run.alerts()).singleElement().satisfies(a -> {
            assertThat(a.entity()).isEqualTo("XX");
            assertThat(a.start()).isEqualTo(at(OUTAGE_START));
            assertThat(a.end()).isEqualTo(at(OUTAGE_END));
            assertThat(a.openedAt()).isEqualTo(at(OUTAGE_START + STEP));
        });
        final Labels labels = new Labels(Set.of("XX"), List.of(new LabelWindow("XX", at(OUTAGE_START), at(OUTAGE_END))));
        final BacktestScore score = new BacktestScorer().score(run, labels);
        assertThat(score.precision()).isEqualTo(1.0);
        assertThat(score.recall()).isEqualTo(1.0);
        assertThat(score.falseAlerts()).isZero();
        assertThat(score.ttdP50Minutes()).isEqualTo(STEP);
    }

    @Test
    void shouldCountAnAlertOnAnUnlabelledEntityAsFalse() {
        final BacktestRun run = BacktestEngine.run(DetectorSettings.defaults(), seriesWithOutage("YY"));
        final Labels labels = new Labels(Set.of("YY"), List.of());
        final BacktestScore score = new BacktestScorer().score(run, labels);
        assertThat(score.falseAlerts()).isEqualTo(1);
        assertThat(score.precision()).isZero();
        assertThat(score.recall()).isNaN();
        assertThat(score.falseAlertsPerEntityWeek()).isGreaterThan(1.0);
    }

    @Test
    void shouldFoldRawTrafficThroughStageOne() {
        final List<BacktestRecord> input = new ArrayList<>();
        for (int minute = 0; minute < DAY_MINUTES + 9 * 60; minute++) {
            for (final long asn : new long[] {100, 200}) {
                if (asn == 100 && minute >= OUTAGE_START && minute < OUTAGE_END) {
                    continue;
                }
                input.add(new BacktestRecord.Traffic(TrafficSample.newBuilder().setSource(MeasurementSource.SYNTHETIC)
                        .setAsn(asn).setIntervalStart(at(minute)).setIntervalSeconds(60)
                        .setBytes(Math.round(level(minute))).setPackets(1).build()));
            }
        }
        final BacktestRun run = BacktestEngine.run(DetectorSettings.defaults(), input);
        assertThat(run.entities()).containsExactlyInAnyOrder("AS100", "AS200");
        assertThat(run.alerts()).extracting(a -> a.entity() + "|" + a.signal())
                .containsExactly("AS100|" + FoldedSignal.TRAFFIC_VOLUME.id());
        final Labels labels = new Labels(Set.of("AS100", "AS200"),
                List.of(new LabelWindow("AS100", at(OUTAGE_START), at(OUTAGE_END))));
        final BacktestScore score = new BacktestScorer(Duration.ZERO).score(run, labels);
        assertThat(score.f1()).isEqualTo(1.0);
        assertThat(AlertJson.line(run.alerts().get(0))).contains("\"entity\":\"AS100\"", "\"end\":\"" + at(OUTAGE_END) + "\"");
    }
}
