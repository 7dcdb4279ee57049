package org.outagewatch.detector.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A census of connected probes (Kenya 2016, country level): 13 probes that drop one at a time a few times a day, so
 * the share is often 12 of 13; a quarter of them dropping in the same window is an outage (Disco's burst), the same
 * drop spread over an hour, or two probes at once, is not.
 */
class CensusBurstTest {
    private static final long WINDOW = 300_000L;
    private static final int DAY_WINDOWS = 288;
    private static final int PROBES = 13;
    private static final ModelParameters RULES = ModelParameters.DEFAULTS;

    private static Observation census(final int window, final int up) {
        return new Observation(window * WINDOW, (window + 1) * WINDOW, up / (double) PROBES, PROBES, true, false);
    }

    /** Five days: every 100 minutes one probe is down for 20 minutes (12 of 13 for 4 windows, 13 of 13 otherwise). */
    private static BaselineModel learned(final List<AlertEvent> events) {
        final BaselineModel model = new BaselineModel();
        for (int w = 0; w < 5 * DAY_WINDOWS; w++) {
            model.observe(census(w, w % 20 < 4 ? PROBES - 1 : PROBES), RULES).ifPresent(events::add);
        }
        return model;
    }

    @Test
    void shouldOpenWhenAQuarterOfTheProbesDropInOneWindow() {
        final List<AlertEvent> quiet = new ArrayList<>();
        final BaselineModel model = learned(quiet);
        assertThat(quiet).as("one probe at a time is normal").isEmpty();
        final int at = 5 * DAY_WINDOWS + 10;
        for (int w = 5 * DAY_WINDOWS; w < at; w++) {
            assertThat(model.observe(census(w, PROBES), RULES)).isEmpty();
        }
        final Optional<AlertEvent> open = model.observe(census(at, PROBES - 4), RULES);
        assertThat(open).get().satisfies(e -> {
            assertThat(e.phase()).isEqualTo(AlertPhase.OPEN);
            assertThat(e.startedAt()).isEqualTo(at * WINDOW);
            assertThat(e.severity()).isEqualTo(Severity.WARNING);
        });
    }

    @Test
    void shouldNotOpenOnTwoProbesAtOnceNorOnFourOneByOne() {
        final List<AlertEvent> events = new ArrayList<>();
        final BaselineModel model = learned(events);
        int w = 5 * DAY_WINDOWS + 10;
        for (int i = 0; i < 6; i++) {
            model.observe(census(w++, PROBES - 2), RULES).ifPresent(events::add);
        }
        for (int i = 0; i < 24; i++) {
            model.observe(census(w++, PROBES), RULES).ifPresent(events::add);
        }
        // four probes lost one by one, a window apart, then held for half an hour
        for (int lost = 1; lost <= 4; lost++) {
            model.observe(census(w++, PROBES - lost), RULES).ifPresent(events::add);
        }
        for (int i = 0; i < 6; i++) {
            model.observe(census(w++, PROBES - 4), RULES).ifPresent(events::add);
        }
        assertThat(events).isEmpty();
    }

    @Test
    void shouldKeepTheLossRateAcrossARestartAndReadFormatFour() {
        final BaselineModel model = learned(new ArrayList<>());
        final int at = 5 * DAY_WINDOWS + 10;
        model.observe(census(at - 1, PROBES), RULES);
        final BaselineModel restored = BaselineModel.fromBytes(model.toBytes());
        assertThat(restored.toBytes()).isEqualTo(model.toBytes());
        assertThat(restored.observe(census(at, PROBES - 4), RULES)).isPresent();

        // format 4 is format 5 without the census fields: it reads, and learns a loss rate afresh
        final byte[] format4 = Arrays.copyOf(model.toBytes(), BaselineModel.FORMAT_4_SIZE);
        format4[0] = 4;
        final BaselineModel four = BaselineModel.fromBytes(format4);
        assertThat(Arrays.copyOfRange(four.toBytes(), 1, BaselineModel.FORMAT_4_SIZE))
                .isEqualTo(Arrays.copyOfRange(model.toBytes(), 1, BaselineModel.FORMAT_4_SIZE));
        assertThat(four.observe(census(at, PROBES - 4), RULES)).isEmpty();
    }
}
