package org.outagewatch.detector.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class BaselineModelTest {
    private static final long T0 = Instant.parse("2024-03-04T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 5 * 60_000L;
    private static final long DAY = BaselineModel.DAY_MILLIS;
    private static final ModelParameters RULES = ModelParameters.DEFAULTS;
    private static final int WINDOWS_PER_DAY = (int) (DAY / WINDOW);

    private static long at(final long minutes) {
        return T0 + minutes * 60_000L;
    }

    /** A daily sinusoid, value at the window's middle. */
    private static LongToDoubleFunction seasonal(final double base, final double amplitude, final double phase) {
        return t -> base * (1 + amplitude * Math.sin(2 * Math.PI * (t - T0) / DAY + phase));
    }

    private static List<AlertEvent> run(final BaselineModel model, final int windows, final LongToDoubleFunction value) {
        final List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; i < windows; i++) {
            final long start = T0 + i * WINDOW;
            final Optional<AlertEvent> e = model.observe(
                    new Observation(start, start + WINDOW, value.applyAsDouble(start + WINDOW / 2), 10, false), RULES);
            e.ifPresent(events::add);
        }
        return events;
    }

    @Test
    void shouldNotAlertDuringWarmUpEvenOnAZero() {
        final BaselineModel model = new BaselineModel();
        final LongToDoubleFunction normal = seasonal(1000, 0.3, 0);
        final int warmUpWindows = (int) (RULES.warmUpMillis() / WINDOW);
        final List<AlertEvent> events = run(model, warmUpWindows, t -> t - T0 < 12 * 3_600_000L
                ? normal.applyAsDouble(t) : (t - T0 < 13 * 3_600_000L ? 0.0 : normal.applyAsDouble(t)));
        assertThat(events).isEmpty();
    }

    @Test
    void shouldOpenUpdateAndResolveWithEvidence() {
        final BaselineModel model = new BaselineModel();
        final LongToDoubleFunction normal = seasonal(1000, 0.3, 0);
        final long dropStart = at(36 * 60);
        // 30 min at 45% (WARNING), 30 min at 10% (CRITICAL), then back to normal
        final List<AlertEvent> events = run(model, 2 * WINDOWS_PER_DAY, t -> {
            if (t >= dropStart && t < dropStart + 30 * 60_000L) {
                return 0.45 * normal.applyAsDouble(t);
            }
            if (t >= dropStart + 30 * 60_000L && t < dropStart + 60 * 60_000L) {
                return 0.10 * normal.applyAsDouble(t);
            }
            return normal.applyAsDouble(t);
        });
        assertThat(events).extracting(AlertEvent::phase)
                .containsExactly(AlertPhase.OPEN, AlertPhase.UPDATE, AlertPhase.RESOLVED);
        final AlertEvent open = events.get(0);
        assertThat(open.severity()).isEqualTo(Severity.WARNING);
        assertThat(open.startedAt()).isEqualTo(dropStart);
        assertThat(open.windowStart()).isEqualTo(dropStart);
        assertThat(open.score()).isCloseTo(0.45, org.assertj.core.data.Offset.offset(0.03));
        assertThat(open.score()).isCloseTo(open.observed() / open.expected(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(open.endedAt()).isNull();
        assertThat(events.get(1).severity()).isEqualTo(Severity.CRITICAL);
        final AlertEvent resolved = events.get(2);
        assertThat(resolved.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(resolved.startedAt()).isEqualTo(dropStart);
        assertThat(resolved.endedAt()).isEqualTo(dropStart + 60 * 60_000L);
        assertThat(resolved.durationMinutes()).isCloseTo(60.0, org.assertj.core.data.Offset.offset(1e-9));
        // 6 windows x 55% x 5 min + 6 windows x 90% x 5 min
        assertThat(resolved.alertArea()).isCloseTo(6 * 55 * 5 + 6 * 90 * 5, org.assertj.core.data.Offset.offset(150.0));
        assertThat(resolved.windowStart()).isEqualTo(dropStart + 60 * 60_000L + WINDOW);
    }

    @Test
    void shouldHoldTheAlertInTheHysteresisBand() {
        final BaselineModel model = new BaselineModel();
        final LongToDoubleFunction normal = seasonal(500, 0.2, 1);
        final long dropStart = at(30 * 60);
        // 20 min at 20%, then 2 h at 70% (between warning 0.6 and resolve 0.8), then normal
        final List<AlertEvent> events = run(model, 2 * WINDOWS_PER_DAY, t -> {
            final double v = normal.applyAsDouble(t);
            if (t >= dropStart && t < dropStart + 20 * 60_000L) {
                return 0.2 * v;
            }
            if (t >= dropStart + 20 * 60_000L && t < dropStart + 140 * 60_000L) {
                return 0.7 * v;
            }
            return v;
        });
        assertThat(events).extracting(AlertEvent::phase).containsExactly(AlertPhase.OPEN, AlertPhase.RESOLVED);
        assertThat(events.get(1).endedAt()).isEqualTo(dropStart + 140 * 60_000L);
    }

    @Test
    void shouldNeedTwoRecoveredWindowsInARowToResolve() {
        final BaselineModel model = new BaselineModel();
        final LongToDoubleFunction normal = seasonal(800, 0.3, 2);
        final long dropStart = at(40 * 60);
        // drop, one normal window, drop again, then normal: one alert, not two
        final List<AlertEvent> events = run(model, 2 * WINDOWS_PER_DAY, t -> {
            final double v = normal.applyAsDouble(t);
            final long m = (t - dropStart) / 60_000L;
            final boolean dropped = (m >= 0 && m < 15) || (m >= 20 && m < 35);
            return dropped ? 0.1 * v : v;
        });
        assertThat(events).extracting(AlertEvent::phase).containsExactly(AlertPhase.OPEN, AlertPhase.RESOLVED);
    }

    @Test
    void shouldIgnoreThinWindowsOfGatedSeries() {
        final BaselineModel model = new BaselineModel();
        for (int i = 0; i < 2 * WINDOWS_PER_DAY; i++) {
            final long start = T0 + i * WINDOW;
            final boolean thin = i > 1.5 * WINDOWS_PER_DAY;
            final Optional<AlertEvent> e = model.observe(new Observation(start, start + WINDOW, thin ? 0.0 : 0.95,
                    thin ? RULES.minCoverage() - 1 : 20, true), RULES);
            assertThat(e).isEmpty();
        }
        final long start = T0 + 2 * WINDOWS_PER_DAY * WINDOW;
        assertThat(model.observe(new Observation(start, start + WINDOW, 0.0, 20, true), RULES))
                .hasValueSatisfying(e -> assertThat(e.phase()).isEqualTo(AlertPhase.OPEN));
    }

    @Test
    void shouldAlertOnEveryRepeatOfADailyShutdownAtTheSameHour() {
        final BaselineModel model = new BaselineModel();
        final LongToDoubleFunction normal = seasonal(2000, 0.4, 0.5);
        final List<AlertEvent> events = run(model, 7 * WINDOWS_PER_DAY, t -> {
            final long minuteOfDay = Math.floorMod(t - T0, DAY) / 60_000L;
            final boolean shutdown = t - T0 >= DAY && minuteOfDay >= 8 * 60 && minuteOfDay < 10 * 60;
            return shutdown ? 0.0 : normal.applyAsDouble(t);
        });
        assertThat(events.stream().filter(e -> e.phase() == AlertPhase.OPEN)).hasSize(6);
        assertThat(events.stream().filter(e -> e.phase() == AlertPhase.RESOLVED)).hasSize(6);
    }

    @Test
    void shouldAcceptALevelShiftAfterTheBoundedTime() {
        final BaselineModel model = new BaselineModel();
        final LongToDoubleFunction normal = seasonal(1000, 0.3, 0);
        // mid-day; a shift at midnight takes whole days (WeeklySeasonalityTest)
        final long shift = at(2 * 24 * 60 + 10 * 60);
        final List<AlertEvent> events = run(model, 5 * WINDOWS_PER_DAY,
                t -> t >= shift ? 0.4 * normal.applyAsDouble(t) : normal.applyAsDouble(t));
        assertThat(events).extracting(AlertEvent::phase).containsExactly(AlertPhase.OPEN, AlertPhase.RESOLVED);
        assertThat(events.get(1).windowEnd() - shift).isBetween(RULES.levelShiftAfterMillis(),
                RULES.levelShiftAfterMillis() + 4 * WINDOW);
    }

    @Test
    void shouldRoundTripThroughItsCompactEncoding() {
        final BaselineModel model = new BaselineModel();
        final LongToDoubleFunction normal = seasonal(1000, 0.3, 0);
        run(model, WINDOWS_PER_DAY + 20, normal);
        final Optional<AlertEvent> open = model.observe(new Observation(at(24 * 60 + 100), at(24 * 60 + 105), 0, 5, false), RULES);
        assertThat(open).isPresent();
        final byte[] bytes = model.toBytes();
        assertThat(bytes).hasSize(BaselineModel.ENCODED_SIZE);
        assertThat(BaselineModel.ENCODED_SIZE).isLessThanOrEqualTo(2048);
        final BaselineModel copy = BaselineModel.fromBytes(bytes);
        assertThat(copy.toBytes()).isEqualTo(bytes);
        assertThat(copy.alerting()).isTrue();
        assertThat(copy.expectedAt(at(24 * 60 + 110))).isEqualTo(model.expectedAt(at(24 * 60 + 110)));
        assertThat(copy.accepts(at(24 * 60 + 100))).isFalse();
    }

    // ---- property-style checks over many seeds ----

    private record Drop(long start, long end, double depth) {
    }

    private static LongToDoubleFunction noisyWorld(final Random random, final List<Drop> drops) {
        final double base = Math.pow(10, 2 + random.nextDouble() * 7);
        final double amplitude = 0.1 + random.nextDouble() * 0.5;
        final double phase = random.nextDouble() * 2 * Math.PI;
        final double[] dayLevel = new double[16];
        for (int d = 0; d < dayLevel.length; d++) {
            dayLevel[d] = 1 + (random.nextDouble() - 0.5) * 0.1;
        }
        final LongToDoubleFunction clean = seasonal(base, amplitude, phase);
        return t -> {
            double v = clean.applyAsDouble(t) * dayLevel[(int) ((t - T0) / DAY)] * (1 + 0.04 * random.nextGaussian());
            for (final Drop drop : drops) {
                if (t >= drop.start && t < drop.end) {
                    v *= 1 - drop.depth;
                }
            }
            return v;
        };
    }

    @Test
    void shouldNeverAlertOnSeasonalNoiseOverManySeeds() {
        for (int seed = 0; seed < 200; seed++) {
            final BaselineModel model = new BaselineModel();
            final List<AlertEvent> events = run(model, 8 * WINDOWS_PER_DAY, noisyWorld(new Random(seed), List.of()));
            assertThat(events).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void shouldAlertOnEveryDropOfHalfOrMoreLastingFifteenMinutesOverManySeeds() {
        for (int seed = 0; seed < 200; seed++) {
            final Random random = new Random(seed);
            final List<Drop> drops = new ArrayList<>();
            for (int day = 1; day < 8; day++) {
                final long start = T0 + day * DAY + (random.nextInt(WINDOWS_PER_DAY - 60)) * WINDOW;
                final long length = (3 + random.nextInt(46)) * WINDOW;
                drops.add(new Drop(start, start + length, 0.5 + random.nextDouble() * 0.5));
            }
            final BaselineModel model = new BaselineModel();
            final List<AlertEvent> events = run(model, 9 * WINDOWS_PER_DAY, noisyWorld(new Random(seed + 1000), drops));
            final List<AlertEvent> opens = events.stream().filter(e -> e.phase() == AlertPhase.OPEN).toList();
            for (final Drop drop : drops) {
                assertThat(opens).as("seed %d, drop %s", seed, drop)
                        .anySatisfy(e -> assertThat(e.startedAt()).isBetween(drop.start, drop.end - 1));
            }
            assertThat(opens).as("seed %d: one alert per drop", seed).hasSize(drops.size());
            assertThat(events.stream().filter(e -> e.phase() == AlertPhase.RESOLVED)).as("seed %d", seed).hasSize(drops.size());
        }
    }
}
