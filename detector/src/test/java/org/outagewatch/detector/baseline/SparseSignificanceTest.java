package org.outagewatch.detector.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SparseSignificanceTest {
    private static final long WINDOW = 300_000L;
    private static final int DAY_WINDOWS = 288;
    private static final ModelParameters RULES = ModelParameters.DEFAULTS;

    private static BaselineModel warmSparseModel() {
        final BaselineModel model = new BaselineModel();
        for (int w = 0; w < DAY_WINDOWS + 12; w++) {
            model.observe(point(w, 5, 5), RULES);
        }
        return model;
    }

    private static Observation point(final int window, final int ok, final int probes) {
        return new Observation(window * WINDOW, (window + 1) * WINDOW, ok / (double) probes, probes, true);
    }

    @Test
    void shouldComputeTheBinomialLowerTail() {
        assertThat(BinomialTail.lower(0, 5, 0.98)).isCloseTo(Math.pow(0.02, 5), within(1e-15));
        assertThat(BinomialTail.lower(2, 5, 0.5)).isCloseTo(0.5, within(1e-12));
        assertThat(BinomialTail.lower(5, 5, 0.98)).isEqualTo(1.0);
    }

    @Test
    void shouldNotOpenOnOneUnluckyWindowOfFiveProbes() {
        final BaselineModel model = warmSparseModel();
        assertThat(model.observe(point(DAY_WINDOWS + 12, 3, 5), RULES)).isEmpty();
        assertThat(model.observe(point(DAY_WINDOWS + 13, 5, 5), RULES)).isEmpty();
        assertThat(model.alerting()).isFalse();
    }

    @Test
    void shouldOpenAtOnceWhenNoProbeSucceeds() {
        final Optional<AlertEvent> open = warmSparseModel().observe(point(DAY_WINDOWS + 12, 0, 5), RULES);
        assertThat(open).get().extracting(AlertEvent::phase, AlertEvent::severity)
                .containsExactly(AlertPhase.OPEN, Severity.CRITICAL);
    }

    @Test
    void shouldPoolAHalfOutageUntilItIsSignificantAndStartItAtTheFirstBadWindow() {
        final BaselineModel model = warmSparseModel();
        assertThat(model.observe(point(DAY_WINDOWS + 12, 3, 5), RULES)).isEmpty();
        final Optional<AlertEvent> open = model.observe(point(DAY_WINDOWS + 13, 2, 5), RULES);
        assertThat(open).get().satisfies(e -> {
            assertThat(e.phase()).isEqualTo(AlertPhase.OPEN);
            assertThat(e.startedAt()).isEqualTo((DAY_WINDOWS + 12) * WINDOW);
        });
    }

    @Test
    void shouldOpenAWarningOnASignificantDropShallowerThanTheWarningRatio() {
        final BaselineModel model = new BaselineModel();
        for (int w = 0; w < DAY_WINDOWS + 12; w++) {
            model.observe(point(w, 20, 20), RULES);
        }
        // 14 of 20 probes: a 30% drop, above the 0.6 warning ratio, but 6 failures in 20 are not chance
        final Optional<AlertEvent> open = model.observe(point(DAY_WINDOWS + 12, 14, 20), RULES);
        assertThat(0.7).isGreaterThan(RULES.warningRatio());
        assertThat(open).get().extracting(AlertEvent::phase, AlertEvent::severity)
                .containsExactly(AlertPhase.OPEN, Severity.WARNING);
    }

    @Test
    void shouldJudgeACensusWindowByWindowWithoutPoolingTheSameProbes() {
        final BaselineModel census = new BaselineModel();
        final BaselineModel samples = new BaselineModel();
        for (int w = 0; w < DAY_WINDOWS + 12; w++) {
            census.observe(new Observation(w * WINDOW, (w + 1) * WINDOW, 1.0, 3, true, false), RULES);
            samples.observe(point(w, 3, 3), RULES);
        }
        // one of three probes down for two hours: the same probe every window, not 24 independent failures
        for (int w = DAY_WINDOWS + 12; w < DAY_WINDOWS + 36; w++) {
            assertThat(census.observe(new Observation(w * WINDOW, (w + 1) * WINDOW, 2 / 3.0, 3, true, false), RULES)).isEmpty();
            samples.observe(point(w, 2, 3), RULES);
        }
        assertThat(census.alerting()).isFalse();
        assertThat(samples.alerting()).as("pooled probe results: a third failing for two hours is significant").isTrue();
        // all three down is significant in one window
        assertThat(census.observe(new Observation((DAY_WINDOWS + 36) * WINDOW, (DAY_WINDOWS + 37) * WINDOW, 0.0, 3, true,
                false), RULES)).get().extracting(AlertEvent::phase).isEqualTo(AlertPhase.OPEN);
    }

    @Test
    void shouldKeepItsStateWithinTheByteBudget() {
        final BaselineModel model = warmSparseModel();
        model.observe(point(DAY_WINDOWS + 12, 2, 5), RULES);
        final byte[] bytes = model.toBytes();
        assertThat(bytes).hasSize(BaselineModel.ENCODED_SIZE);
        assertThat(BaselineModel.ENCODED_SIZE).isLessThanOrEqualTo(2048);
        assertThat(BaselineModel.fromBytes(bytes).toBytes()).isEqualTo(bytes);
    }
}
