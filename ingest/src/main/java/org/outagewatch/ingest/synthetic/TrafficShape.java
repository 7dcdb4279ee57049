package org.outagewatch.ingest.synthetic;

import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * The seasonal shape of traffic, relative to the evening peak of a weekday (1.0): lowest before dawn
 * (about a quarter of the peak), a working-day plateau, the peak at 21:00 local time. Weekends start later,
 * are busier in the afternoon and slightly lower at the peak. Hourly points, linearly interpolated, in the
 * country's local time.
 */
public final class TrafficShape {
    private static final double[] WEEKDAY = {
        0.55, 0.42, 0.33, 0.27, 0.24, 0.25, 0.30, 0.40, 0.52, 0.60, 0.64, 0.67,
        0.69, 0.69, 0.68, 0.68, 0.70, 0.74, 0.80, 0.88, 0.96, 1.00, 0.93, 0.75};
    private static final double[] WEEKEND = {
        0.62, 0.50, 0.39, 0.31, 0.27, 0.25, 0.26, 0.30, 0.38, 0.50, 0.62, 0.72,
        0.78, 0.80, 0.80, 0.80, 0.82, 0.85, 0.88, 0.92, 0.95, 0.96, 0.90, 0.76};
    /** The mean of the shape over a week of five weekdays and two weekend days. */
    static final double WEEKLY_MEAN = (5 * mean(WEEKDAY) + 2 * mean(WEEKEND)) / 7.0;

    private static final long MILLIS_PER_HOUR = 3_600_000L;
    private static final long MILLIS_PER_DAY = 24 * MILLIS_PER_HOUR;

    private TrafficShape() {
    }

    /** The shape factor at an instant (epoch millis) for a country's offset and weekend days. */
    public static double at(final long epochMillis, final ZoneOffset offset, final Set<DayOfWeek> weekend) {
        final long local = epochMillis + offset.getTotalSeconds() * 1000L;
        final long day = Math.floorDiv(local, MILLIS_PER_DAY);
        final long intoDay = Math.floorMod(local, MILLIS_PER_DAY);
        final int hour = (int) (intoDay / MILLIS_PER_HOUR);
        final double fraction = (intoDay % MILLIS_PER_HOUR) / (double) MILLIS_PER_HOUR;
        final double here = table(day, weekend)[hour];
        final double next = hour == 23 ? table(day + 1, weekend)[0] : table(day, weekend)[hour + 1];
        return here + (next - here) * fraction;
    }

    private static double[] table(final long epochDay, final Set<DayOfWeek> weekend) {
        // 1970-01-01 was a Thursday
        final DayOfWeek dayOfWeek = DayOfWeek.THURSDAY.plus(Math.floorMod(epochDay, 7));
        return weekend.contains(dayOfWeek) ? WEEKEND : WEEKDAY;
    }

    private static double mean(final double[] values) {
        double sum = 0;
        for (final double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
