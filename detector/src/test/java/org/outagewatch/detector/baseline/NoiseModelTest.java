package org.outagewatch.detector.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Detection on each series' own noise: stable series, small counts, and a band that outages cannot widen. */
class NoiseModelTest {
    private static final long T0 = Instant.parse("2024-03-04T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 5 * 60_000L;
    private static final long DAY = BaselineModel.DAY_MILLIS;
    private static final int WINDOWS_PER_DAY = (int) (DAY / WINDOW);
    private static final ModelParameters RULES = ModelParameters.DEFAULTS;

    private static long at(final long minutes) {
        return T0 + minutes * 60_000L;
    }

    private static List<AlertEvent> run(final BaselineModel model, final int fromWindow, final int windows,
                                        final LongToDoubleFunction value) {
        final List<AlertEvent> events = new ArrayList<>();
        for (int i = fromWindow; i < fromWindow + windows; i++) {
            final long start = T0 + i * WINDOW;
            final Optional<AlertEvent> e = model.observe(
                    new Observation(start, start + WINDOW, value.applyAsDouble(start), 1, false), RULES);
            e.ifPresent(events::add);
        }
        return events;
    }

    /** A routing table: about 2000 visible /24s moving by 0.2% (a few /24s) from window to window. */
    private static LongToDoubleFunction stable(final Random random, final long dropFrom, final long dropTo,
                                               final double depth) {
        return t -> {
            final double v = Math.round(2000 * (1 + 0.002 * random.nextGaussian()));
            return t >= dropFrom && t < dropTo ? Math.round(v * (1 - depth)) : v;
        };
    }

    /** A Poisson count with this mean per window (Knuth's method; means are small). */
    private static int poisson(final Random random, final double mean) {
        final double limit = Math.exp(-mean);
        int k = 0;
        double product = random.nextDouble();
        while (product > limit) {
            k++;
            product *= random.nextDouble();
        }
        return k;
    }

    @Test
    void shouldAlertOnASustainedTwoPercentDropOfASeriesWithTwoPerMilleNoise() {
        final BaselineModel model = new BaselineModel();
        final long drop = at(3 * 24 * 60 + 10 * 60);
        final List<AlertEvent> events = run(model, 0, 4 * WINDOWS_PER_DAY,
                stable(new Random(1), drop, drop + 2 * 3_600_000L, 0.02));
        assertThat(events).extracting(AlertEvent::phase).containsExactly(AlertPhase.OPEN, AlertPhase.RESOLVED);
        final AlertEvent open = events.get(0);
        assertThat(open.startedAt()).isEqualTo(drop);
        // held for two windows: open at the end of the second
        assertThat(open.windowEnd()).isEqualTo(drop + 2 * WINDOW);
        assertThat(open.severity()).isEqualTo(Severity.WARNING);
        assertThat(open.score()).isBetween(0.975, 0.985);
        assertThat(events.get(1).endedAt()).isEqualTo(drop + 2 * 3_600_000L);
    }

    @Test
    void shouldNotAlertOnOneWindowOfATwoPercentDropNorOnTheQuietDays() {
        final BaselineModel model = new BaselineModel();
        final long drop = at(3 * 24 * 60 + 10 * 60);
        assertThat(run(model, 0, 4 * WINDOWS_PER_DAY, stable(new Random(2), drop, drop + WINDOW, 0.02))).isEmpty();
        assertThat(model.countLike()).isFalse();
    }

    @Test
    void shouldNotAlertOnASixtyPercentOneWindowDropOfACountOfTwo() {
        for (int seed = 0; seed < 20; seed++) {
            final Random random = new Random(seed);
            final BaselineModel model = new BaselineModel();
            final long drop = at(3 * 24 * 60 + 10 * 60);
            // a count of mean 2; one window at 40% of it (a count of 1 or 0 instead of 2)
            final List<AlertEvent> events = run(model, 0, 4 * WINDOWS_PER_DAY,
                    t -> t >= drop && t < drop + WINDOW ? poisson(random, 0.8) : poisson(random, 2.0));
            assertThat(events).as("seed %d", seed).isEmpty();
            assertThat(model.countLike()).isTrue();
        }
    }

    @Test
    void shouldAlertOnAFullOutageOfACountOfTwoWithinTheWindowsItsNoiseNeeds() {
        // P(no event in n windows) = e^(-2n) is below 1e-6 from n = 7 windows (35 minutes)
        for (int seed = 0; seed < 20; seed++) {
            final Random random = new Random(seed);
            final BaselineModel model = new BaselineModel();
            final long drop = at(3 * 24 * 60 + 10 * 60);
            final List<AlertEvent> events = run(model, 0, 4 * WINDOWS_PER_DAY,
                    t -> t >= drop && t < drop + 2 * 3_600_000L ? 0 : poisson(random, 2.0));
            // one alert (its severity may rise from WARNING to CRITICAL as the pooled ratio falls)
            assertThat(events.stream().filter(e -> e.phase() == AlertPhase.OPEN)).as("seed %d", seed).hasSize(1);
            assertThat(events.get(events.size() - 1).phase()).isEqualTo(AlertPhase.RESOLVED);
            assertThat(events.get(events.size() - 1).severity()).isEqualTo(Severity.CRITICAL);
            final AlertEvent open = events.get(0);
            assertThat(open.phase()).isEqualTo(AlertPhase.OPEN);
            // 7 windows of nothing suffice alone; a run that began with low counts before the outage pools them too
            // and needs a few more: within the hour
            assertThat(open.windowEnd()).as("seed %d", seed).isBetween(drop + 6 * WINDOW, drop + 12 * WINDOW);
            // a count of 2 is often 0 or 1: the pooled run may start a few windows before the outage
            assertThat(open.startedAt()).as("seed %d", seed).isBetween(drop - 6 * WINDOW, drop);
        }
    }

    @Test
    void shouldNotWidenTheNoiseBandDuringAnOutage() {
        final BaselineModel model = new BaselineModel();
        final Random random = new Random(3);
        final long drop = at(3 * 24 * 60 + 6 * 60);
        final long end = drop + 8 * 3_600_000L;
        final LongToDoubleFunction routing = stable(random, drop, end, 0.05);
        run(model, 0, 3 * WINDOWS_PER_DAY + 6 * 12, routing);
        final double before = model.noiseAt(drop + 4 * 3_600_000L);
        assertThat(before).isBetween(0.0015, 0.003);
        final List<AlertEvent> during = run(model, 3 * WINDOWS_PER_DAY + 6 * 12, 8 * 12, routing);
        assertThat(during).extracting(AlertEvent::phase).containsExactly(AlertPhase.OPEN);
        assertThat(model.noiseAt(drop + 4 * 3_600_000L)).isEqualTo(before);
        assertThat(model.expectedAt(end)).isBetween(1990.0, 2010.0);
    }

    @Test
    void shouldNotWidenTheNoiseBandOfACountDuringAHalfOutage() {
        final BaselineModel model = new BaselineModel();
        final Random random = new Random(4);
        final long drop = at(3 * 24 * 60 + 6 * 60);
        final long end = drop + 6 * 3_600_000L;
        final LongToDoubleFunction count = t -> poisson(random, t >= drop && t < end ? 10.0 : 20.0);
        run(model, 0, 3 * WINDOWS_PER_DAY + 6 * 12, count);
        final double before = model.noiseAt(drop + 3 * 3_600_000L);
        final List<AlertEvent> during = run(model, 3 * WINDOWS_PER_DAY + 6 * 12, 6 * 12, count);
        assertThat(during).extracting(AlertEvent::phase).containsExactly(AlertPhase.OPEN);
        // e^(-0.153 x 20) per window: 1e-6 after five windows
        assertThat(during.get(0).windowEnd() - drop).isLessThanOrEqualTo(6 * WINDOW);
        assertThat(model.noiseAt(drop + 3 * 3_600_000L)).isCloseTo(before, org.assertj.core.data.Offset.offset(before * 0.05));
        assertThat(model.expectedAt(end)).isBetween(18.0, 22.0);
    }

    /**
     * A traffic volume with 10% noise halves: 5 of its sds, short of the 7 a shallow drop needs, but below the warning
     * ratio and more than 4 sds deep, so it opens in its first window (the ratio rule, guarded by the noise), as the
     * ratio rule did before the noise model; its quiet days raise nothing.
     */
    @Test
    void shouldOpenAHalvingOfANoisyVolumeInItsFirstWindow() {
        for (int seed = 0; seed < 10; seed++) {
            final Random random = new Random(seed);
            final BaselineModel model = new BaselineModel();
            final long drop = at(3 * 24 * 60 + 10 * 60);
            final List<AlertEvent> events = run(model, 0, 4 * WINDOWS_PER_DAY,
                    t -> 1000.5 * (1 + 0.1 * random.nextGaussian()) * (t >= drop && t < drop + 3_600_000L ? 0.5 : 1.0));
            assertThat(events).as("seed %d", seed).isNotEmpty();
            final AlertEvent open = events.get(0);
            assertThat(open.phase()).isEqualTo(AlertPhase.OPEN);
            assertThat(open.startedAt()).as("seed %d", seed).isEqualTo(drop);
            assertThat(open.windowEnd()).as("seed %d", seed).isEqualTo(drop + WINDOW);
            assertThat(events.stream().filter(e -> e.phase() == AlertPhase.OPEN)).as("seed %d", seed).hasSize(1);
        }
    }

    @Test
    void shouldComputeCountTails() {
        assertThat(CountTail.lower(0, 2.0, 2.0)).isCloseTo(Math.exp(-2), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(CountTail.lower(0, 14.0, 14.0)).isCloseTo(Math.exp(-14), org.assertj.core.data.Offset.offset(1e-15));
        // P(X <= 2) for Poisson(5) = e^-5 (1 + 5 + 12.5)
        assertThat(CountTail.lower(2, 5.0, 5.0)).isCloseTo(Math.exp(-5) * 18.5, org.assertj.core.data.Offset.offset(1e-12));
        // negative binomial, mean 4, variance 12: size r = 2, p = 1/3; P(0) = p^2, P(1) = 2 p^2 (2/3)
        assertThat(CountTail.lower(1, 4.0, 12.0)).isCloseTo(1 / 9.0 + 4 / 27.0, org.assertj.core.data.Offset.offset(1e-12));
        // an overdispersed zero is less surprising than a Poisson one
        assertThat(CountTail.lower(0, 10.0, 30.0)).isGreaterThan(CountTail.lower(0, 10.0, 10.0));
        assertThat(CountTail.lower(5, 5.0, 5.0)).isEqualTo(1.0);
        assertThat(Gaussian.lower(-4.753424)).isCloseTo(1e-6, org.assertj.core.data.Offset.offset(1e-8));
    }
}
