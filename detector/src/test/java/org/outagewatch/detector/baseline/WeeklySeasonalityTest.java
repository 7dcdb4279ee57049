package org.outagewatch.detector.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

class WeeklySeasonalityTest {
    /** A Monday. */
    private static final long T0 = Instant.parse("2024-03-04T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 5 * 60_000L;
    private static final long DAY = BaselineModel.DAY_MILLIS;
    private static final long WEEK = 7 * DAY;
    private static final int WINDOWS_PER_DAY = (int) (DAY / WINDOW);
    private static final ModelParameters RULES = ModelParameters.DEFAULTS;
    private static final double WEEKEND_LEVEL = 0.5;
    private static final int SEEDS = 50;

    private static long at(final long minutes) {
        return T0 + minutes * 60_000L;
    }

    private static boolean weekend(final long t) {
        final DayOfWeek day = Instant.ofEpochMilli(t).atOffset(ZoneOffset.UTC).getDayOfWeek();
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }

    /** Daily sinusoid, +-5% from day to day, 4% noise, and weekends at half the weekday traffic. */
    private static LongToDoubleFunction weekendWorld(final Random random) {
        final double base = Math.pow(10, 2 + random.nextDouble() * 6);
        final double amplitude = 0.1 + random.nextDouble() * 0.4;
        final double phase = random.nextDouble() * 2 * Math.PI;
        final double[] dayLevel = new double[8 * 7];
        for (int d = 0; d < dayLevel.length; d++) {
            dayLevel[d] = 1 + (random.nextDouble() - 0.5) * 0.1;
        }
        return t -> base * (1 + amplitude * Math.sin(2 * Math.PI * (t - T0) / DAY + phase))
                * dayLevel[(int) ((t - T0) / DAY)] * (weekend(t) ? WEEKEND_LEVEL : 1.0)
                * (1 + 0.04 * random.nextGaussian());
    }

    private static LongToDoubleFunction dropped(final LongToDoubleFunction world, final long start, final long end,
                                                final double depth) {
        return t -> t >= start && t < end ? (1 - depth) * world.applyAsDouble(t) : world.applyAsDouble(t);
    }

    private static List<AlertEvent> run(final BaselineModel model, final long days, final LongToDoubleFunction value) {
        final List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; i < days * WINDOWS_PER_DAY; i++) {
            final long start = T0 + i * WINDOW;
            model.observe(new Observation(start, start + WINDOW, value.applyAsDouble(start + WINDOW / 2), 10, false), RULES)
                    .ifPresent(events::add);
        }
        return events;
    }

    private static List<AlertEvent> from(final List<AlertEvent> events, final long time) {
        return events.stream().filter(e -> e.windowStart() >= time).toList();
    }

    @Test
    void shouldLearnAWeekendAtHalfTheTrafficAndRaiseNoAlertAfterTwoWeeks() {
        for (int seed = 0; seed < SEEDS; seed++) {
            final BaselineModel model = new BaselineModel();
            final List<AlertEvent> events = run(model, 6 * 7, weekendWorld(new Random(seed)));
            assertThat(from(events, T0 + 2 * WEEK)).as("seed %d", seed).isEmpty();
            assertThat(model.alerting()).isFalse();
            for (int day = 0; day < 5; day++) {
                assertThat(model.dayFactor(day)).as("seed %d, day %d", seed, day).isEqualTo(1.0);
            }
            assertThat(model.dayFactor(5)).as("seed %d, Saturday", seed).isCloseTo(WEEKEND_LEVEL, within(0.1));
            assertThat(model.dayFactor(6)).as("seed %d, Sunday", seed).isCloseTo(WEEKEND_LEVEL, within(0.1));
        }
    }

    @Test
    void shouldStillAlertOnAHalfOutageOnAWeekdayAfterLearningTheWeekend() {
        for (int seed = 0; seed < SEEDS; seed++) {
            // Wednesday of the fourth week, 10:00-11:00, traffic at half its weekday level (as low as a weekend)
            final long start = at((3 * 7 + 2) * 24 * 60 + 10 * 60);
            final long end = start + 60 * 60_000L;
            final BaselineModel model = new BaselineModel();
            final List<AlertEvent> late = from(run(model, 5 * 7, dropped(weekendWorld(new Random(seed)), start, end, 0.5)),
                    T0 + 2 * WEEK);
            assertThat(late).as("seed %d", seed).extracting(AlertEvent::phase)
                    .containsExactly(AlertPhase.OPEN, AlertPhase.RESOLVED);
            assertThat(late.get(0).startedAt()).as("seed %d", seed).isBetween(start, start + 2 * WINDOW);
            assertThat(late.get(1).endedAt()).as("seed %d", seed).isEqualTo(end);
        }
    }

    @Test
    void shouldStillAlertOnAnOutageOnAWeekendDay() {
        // Saturday of the fourth week, 14:00-15:00, traffic at 10% of the weekend level
        final long start = at((3 * 7 + 5) * 24 * 60 + 14 * 60);
        final BaselineModel model = new BaselineModel();
        final List<AlertEvent> late = from(run(model, 5 * 7, dropped(weekendWorld(new Random(7)), start,
                start + 60 * 60_000L, 0.9)), T0 + 2 * WEEK);
        assertThat(late).extracting(AlertEvent::phase).containsExactly(AlertPhase.OPEN, AlertPhase.RESOLVED);
        assertThat(late.get(0).startedAt()).isEqualTo(start);
    }

    @Test
    void shouldTakeAThirdWholeDayOutOfTheBandAsALevelShiftAndUndoTheDayFactors() {
        // no weekend; the traffic halves for good at midnight on Wednesday of the second week
        final long shift = at((7 + 2) * 24 * 60);
        final Random random = new Random(3);
        final LongToDoubleFunction world = t -> 1000 * (1 + 0.3 * Math.sin(2 * Math.PI * (t - T0) / DAY))
                * (t >= shift ? 0.5 : 1.0) * (1 + 0.03 * random.nextGaussian());
        final BaselineModel model = new BaselineModel();
        final List<AlertEvent> events = run(model, 4 * 7, world);
        assertThat(events).extracting(AlertEvent::phase).containsExactly(AlertPhase.OPEN, AlertPhase.RESOLVED);
        assertThat(events.get(0).startedAt()).isEqualTo(shift);
        assertThat(events.get(1).endedAt()).isEqualTo(shift + (BaselineModel.MAX_DAY_SHIFTS + 1) * DAY);
        for (int day = 0; day < 7; day++) {
            assertThat(model.dayFactor(day)).as("day %d", day).isCloseTo(1.0, within(1e-6));
        }
        assertThat(model.expectedAt(at(4 * 7 * 24 * 60 + 30)) / (1000 * 0.5 * (1 + 0.3 * Math.sin(2 * Math.PI * 30 / (24 * 60.0)))))
                .isCloseTo(1.0, within(0.1));
    }

    @Test
    void shouldRoundTripTheDayFactorsAndReadTheFormatWithoutThem() {
        final BaselineModel model = new BaselineModel();
        run(model, 3 * 7, weekendWorld(new Random(11)));
        final byte[] bytes = model.toBytes();
        assertThat(bytes).hasSize(BaselineModel.ENCODED_SIZE);
        final BaselineModel copy = BaselineModel.fromBytes(bytes);
        assertThat(copy.toBytes()).isEqualTo(bytes);
        assertThat(copy.dayFactor(5)).isEqualTo(model.dayFactor(5)).isNotEqualTo(1.0);

        // format 2 is format 3 without the trailing weekly fields
        final BaselineModel weekdaysOnly = new BaselineModel();
        run(weekdaysOnly, 4, weekendWorld(new Random(12)));
        final byte[] format2 = Arrays.copyOf(weekdaysOnly.toBytes(), BaselineModel.FORMAT_2_SIZE);
        format2[0] = 2;
        final BaselineModel old = BaselineModel.fromBytes(format2);
        assertThat(old.expectedAt(at(4 * 24 * 60 + 7))).isEqualTo(weekdaysOnly.expectedAt(at(4 * 24 * 60 + 7)));
        assertThat(old.dayFactor(6)).isEqualTo(1.0);
        // format 2 has no noise model (format 4 adds it): the rest reads back unchanged, the noise starts unknown
        assertThat(Arrays.copyOfRange(old.toBytes(), 1, BaselineModel.FORMAT_3_SIZE))
                .isEqualTo(Arrays.copyOfRange(weekdaysOnly.toBytes(), 1, BaselineModel.FORMAT_3_SIZE));
        assertThat(old.noiseAt(at(4 * 24 * 60 + 7))).isZero();

        // format 3 is format 4 without the noise model
        final byte[] format3 = Arrays.copyOf(model.toBytes(), BaselineModel.FORMAT_3_SIZE);
        format3[0] = 3;
        final BaselineModel three = BaselineModel.fromBytes(format3);
        assertThat(three.dayFactor(5)).isEqualTo(model.dayFactor(5));
        assertThat(three.noiseAt(at(7))).isZero();
    }
}
