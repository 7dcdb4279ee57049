package org.outagewatch.detector.baseline;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The baseline and alert state of one series ({@code <entity>|<signal>}), in plain Java.
 *
 * <p>Consumes {@link Observation}s in window order; produces {@link AlertEvent}s (OPEN, UPDATE, RESOLVED).
 *
 * <p><b>Expectation.</b> A daily profile of 24 levels, one per UTC hour (at hh:00), read by linear
 * interpolation between the two nearest hours, times a factor per day of the week (UTC, 1 until learned), times a
 * recent level that follows day-to-day changes: {@code expected(t) = profile(t) x day(t) x recent}. Each point
 * teaches the two nodes around it by their interpolation weight: a weighted running mean at first (so one day
 * fills the profile), an EWMA afterwards.
 *
 * <p><b>Weekly seasonality.</b> Days of the week that differ by less than the learning band are followed by the
 * recent level. A day that is out of the band for the whole UTC day (its run starts in the day's first window
 * and lasts a day) is a weekly pattern: that day's factor is multiplied by the run's geometric mean ratio (so a
 * 50% weekend alerts once, on the first weekend, and never after). At most {@value #MAX_DAY_SHIFTS} days in a row
 * are taken as a weekly pattern (a weekend); a third whole day out of the band is a level shift, which undoes
 * the two day factors and re-bases the recent level instead.
 *
 * <p><b>Outage-robust learning.</b> After warm-up, a value is learned only when observed / expected lies in
 * {@code [learnLow, learnHigh]}; an outage, or a shutdown that repeats at the same hour, is never learned as
 * normal. Values that stay out of that band for {@code levelShiftAfter} are a level shift: the recent level is
 * re-based on the new value and learning resumes.
 *
 * <p><b>Each series' own noise.</b> Beside the expectation, a {@link NoiseModel} learns how much the series normally
 * varies around it (a per-hour spread of relative residuals, and whether it is a count: Poisson, or negative binomial
 * when overdispersed), from the same normal points only. A series that is not a share opens on significance: a run of
 * low windows is pooled, and a count opens when its pooled tail ({@link CountTail}) is below {@value #SIGNIFICANCE},
 * any other series when its mean deficit is {@value #SUSTAINED_Z} standard deviations, or, with the run below the
 * warning ratio (the ratio rule, guarded by the noise), {@value #LEARN_Z} in one window or {@value #SUSPECT_Z} over
 * {@value #MIN_RUN_WINDOWS}; either over {@value #MIN_RUN_WINDOWS} windows, or one window below the warning ratio. The ratio names the severity and the
 * text. A point is learned only within {@value #LEARN_Z} standard deviations, with no alert open and no suspicious
 * run, so an outage neither lowers the expectation nor widens the band. Until the noise is known (a state of format
 * 3 or earlier), the ratio rules below apply.
 *
 * <p><b>Alerts by ratio, with hysteresis</b> (shares, and series whose noise is not known yet). No alert during
 * warm-up. OPEN when the ratio falls below the warning ratio
 * (CRITICAL below the critical ratio); UPDATE when the severity changes; RESOLVED once the ratio has been at or
 * above the resolve ratio for {@code resolveWindows} consecutive windows, with the duration (start of the first
 * to end of the last unrecovered window) and the alert area (percent drop x minutes summed over unrecovered
 * windows). Gated series (shares) ignore windows with fewer than {@code minCoverage} observations.
 *
 * <p><b>Significance for sparse shares.</b> A gated series (probe.reachable: k of n probes succeeded) does not open
 * on a raw ratio: consecutive windows below the resolve ratio are pooled and the alert opens once their binomial
 * lower tail at the expected rate is below {@value #SIGNIFICANCE} (so 0-1 of 5 probes open at once, 2-3 of 5 need
 * a second bad window, one unlucky window of a sparse network never does, and a 30% drop across 20 probes opens
 * at once although it is above the warning ratio).
 *
 * <p><b>Disconnection bursts of a census.</b> A census share (connected probes: the same units every window) also
 * opens when the units lost since the window before its suspect run are improbable at the loss rate its units have
 * shown in normal windows ({@link #burstTail}, Disco's burst): 4 of 13 probes of a country dropping in one window,
 * when they drop one at a time a few times a day, is an outage although 9 of 13 in one window is not improbable
 * for a share that is often 12 of 13.
 *
 * <p><b>Size.</b> {@link #toBytes()} is {@value #ENCODED_SIZE} bytes (format 5; formats 1 to 4 are read, with
 * every day factor at 1 before format 3, no noise learned before format 4 and no loss rate before format 5).
 */
public final class BaselineModel {
    static final int NODES = 24;
    static final long HOUR_MILLIS = 3_600_000L;
    static final long DAY_MILLIS = NODES * HOUR_MILLIS;
    static final int DAYS_PER_WEEK = 7;
    /** Consecutive whole days out of the band taken as a weekly pattern; one more is a level shift. */
    public static final int MAX_DAY_SHIFTS = 2;
    private static final byte FORMAT = 5;
    private static final byte FORMAT_WITHOUT_BURST = 4;
    private static final byte FORMAT_WITHOUT_NOISE = 3;
    private static final byte FORMAT_WITHOUT_WEEK = 2;
    private static final byte FORMAT_WITHOUT_SUSPECT = 1;
    /** 1970-01-01 was a Thursday: day index + 3, modulo 7, counts from Monday = 0. */
    private static final int EPOCH_DAY_OF_WEEK = 3;
    private static final double MIN_DAY_FACTOR = 0.01;
    private static final double MAX_DAY_FACTOR = 100.0;
    private static final double MIN_LOG_RATIO = Math.log(1e-6);
    private static final double MAX_LOG_RATIO = Math.log(1e6);
    private static final double PER_HOUR = 1.0 / HOUR_MILLIS;
    /** A gated (share) series opens an alert only when its shortfall is this improbable under the expected rate. */
    public static final double SIGNIFICANCE = 1e-6;
    /** A point farther than this many standard deviations from its expectation is not learned (nor is its noise). */
    public static final double LEARN_Z = 4.0;
    /** A window this many standard deviations below its expectation starts (or extends) a run of low windows. */
    public static final double LOW_Z = 0.5;
    /** A window that is not low stays in the run while the pooled deficit is still this many standard deviations. */
    public static final double KEEP_Z = 2.0;
    /** A count's run at least this improbable stops learning (an outage in the making is not learned). */
    public static final double SUSPECT_SIGNIFICANCE = 1e-3;
    /**
     * A series that is not a count opens when its run's mean deficit is this many standard deviations (its noise is
     * not assumed independent from window to window, so pooling does not shrink it).
     */
    public static final double SUSTAINED_Z = 7.0;
    /** ... and stops learning at this many. */
    public static final double SUSPECT_Z = 3.0;
    /** Windows a run needs to open an alert, unless its one window is also below the warning ratio. */
    public static final int MIN_RUN_WINDOWS = 2;
    /** An open alert's window stays unrecovered while it is this many standard deviations low (or below the resolve ratio). */
    public static final double RECOVER_Z = 3.0;
    /** A count's alert resolves only once its recovered windows together expected at least this many events. */
    public static final double MIN_RECOVERY_COUNT = 3.0;
    /** The expected success rate used for the tail never exceeds this (a perfect history is not a certainty). */
    static final double MAX_EXPECTED_RATE = 0.995;
    private static final long NONE = Long.MIN_VALUE;
    private static final float MAX_NODE_WEIGHT = 10_000f;
    private static final double TINY = 1e-9;
    private static final double MAX_RATIO = 1e9;
    /** Format byte, 24 levels and 24 weights as floats, then the scalar fields below (see docs/MODEL.md). */
    private static final int SUSPECT_SIZE = 8 + 4 + 4;
    /** Day factors, the day-shift chain (count and the two log multipliers), the out-of-band run's log sum and count. */
    private static final int WEEK_SIZE = DAYS_PER_WEEK * 4 + 1 + MAX_DAY_SHIFTS * 4 + 8 + 4;
    static final int FORMAT_2_SIZE = 1 + NODES * 4 * 2 + 8 * 4 + 1 + 1 + 8 + 8 + 4 + 8 + SUSPECT_SIZE;
    static final int FORMAT_3_SIZE = FORMAT_2_SIZE + WEEK_SIZE;
    /** The noise model, then the run of low windows (start, windows, observed, expected, variance, sum of sds). */
    private static final int NOISE_SIZE = NoiseModel.ENCODED_SIZE + 8 + 8 + 4 + 8 * 4 + 8 * 5;
    static final int FORMAT_4_SIZE = FORMAT_3_SIZE + NOISE_SIZE;
    /** A census's units at the last window, the decayed losses and exposure, the burst's reference and windows. */
    private static final int BURST_SIZE = 4 + 4 + 4 + 4 + 4;
    public static final int ENCODED_SIZE = FORMAT_4_SIZE + BURST_SIZE;
    /**
     * A census learns its units' loss rate over about a week of 5-minute windows: losses and exposure decay by
     * 1 / this per window.
     */
    static final double BURST_MEMORY_WINDOWS = 2016.0;

    private final float[] levels = new float[NODES];
    private final float[] weights = new float[NODES];
    private double recent = 1.0;
    private long firstWindowStart = NONE;
    private long lastWindowStart = NONE;
    private long rejectedSince = NONE;
    private Severity severity;
    private Severity worst;
    private long alertStartedAt = NONE;
    private long lastUnrecoveredEnd = NONE;
    private int recoveryStreak;
    private double alertArea;
    private long suspectSince = NONE;
    private int suspectTrials;
    private int suspectSuccesses;
    private final float[] dayFactors = {1f, 1f, 1f, 1f, 1f, 1f, 1f};
    /** Whole days in a row (up to the last point) re-based as a weekly pattern, and their log multipliers. */
    private int dayShifts;
    private final float[] dayShiftLogs = new float[MAX_DAY_SHIFTS];
    private double rejectedLogSum;
    private int rejectedCount;
    private final NoiseModel noise = new NoiseModel();
    /** Not-gated series: the run of low windows since {@code runSince}, pooled (observed, expected, variance, sum of sds). */
    private long runSince = NONE;
    private long runAbnormalSince = NONE;
    private int runWindows;
    private double runObserved;
    private double runExpected;
    private double runVariance;
    private double runSd;
    /** An open alert of a count: pooled observed and expected of its unrecovered windows, and of the recovery so far. */
    private double alertObserved;
    private double alertExpected;
    private double recoveryObserved;
    private double recoveryExpected;
    private double recoveryVariance;
    /** Transient: whether the run, with the current point, is improbable enough that the point is not learned. */
    private boolean runSuspicious;
    /** A census (connected probes): units up at the last window (-1 before the first), see {@link #burstTail}. */
    private int lastUp = -1;
    /** Units lost from one window to the next, and units that could have been lost, decayed over a week. */
    private float lossSum;
    private float exposure;
    /** Units up at the window before the suspect run began, and the run's windows so far. */
    private int burstReference = -1;
    private int burstWindows;
    /** Transient: units up at the window before this one. */
    private int previousUp = -1;

    /** True if a point for this window comes after every point seen (points must arrive in window order). */
    public boolean accepts(final long windowStart) {
        return lastWindowStart == NONE || windowStart > lastWindowStart;
    }

    /** Whether an alert is open. */
    public boolean alerting() {
        return severity != null;
    }

    /** The expected value at a time, or NaN while the profile knows nothing about that hour. */
    public double expectedAt(final long timeMillis) {
        final long day = Math.floorDiv(timeMillis, DAY_MILLIS);
        final double profile = profileAt((timeMillis - day * DAY_MILLIS) * PER_HOUR);
        return Double.isNaN(profile) ? Double.NaN : profile * dayFactors[dayOfWeek(day)] * recent;
    }

    /** The learned factor of a day of the week (0 = Monday .. 6 = Sunday, UTC); 1 until a weekly pattern is seen. */
    public double dayFactor(final int dayOfWeek) {
        return dayFactors[dayOfWeek];
    }

    /**
     * Scores a point, learns from it when it is normal, and returns the alert transition it causes, if any.
     *
     * @throws IllegalArgumentException if the point is not after the last one (check {@link #accepts} first)
     */
    public Optional<AlertEvent> observe(final Observation point, final ModelParameters rules) {
        if (!accepts(point.windowStart())) {
            throw new IllegalArgumentException("Point for window " + point.windowStart() + " is not after " + lastWindowStart);
        }
        lastWindowStart = point.windowStart();
        if (firstWindowStart == NONE) {
            firstWindowStart = point.windowStart();
        }
        if (point.coverageGated() && point.coverage() < rules.minCoverage()) {
            return Optional.empty();
        }
        final boolean census = point.coverageGated() && !point.pooled();
        if (census) {
            previousUp = lastUp;
            lastUp = up(point);
        }
        final long t = point.midpoint();
        final long day = Math.floorDiv(t, DAY_MILLIS);
        final double position = (t - day * DAY_MILLIS) * PER_HOUR;
        final int weekday = dayOfWeek(day);
        final double dayFactor = dayFactors[weekday];
        final double profile = profileAt(position);
        final boolean warm = point.windowStart() - firstWindowStart >= rules.warmUpMillis() && !Double.isNaN(profile);
        noise.note(point.value());
        if (!warm) {
            if (!Double.isNaN(profile)) {
                noise.learn(position, point.value(), profile * dayFactor * recent);
            }
            learnProfile(position, point.value() / (recent * dayFactor), rules.profileAlpha());
            if (census) {
                learnLoss();
            }
            return Optional.empty();
        }
        final double seasonal = profile * dayFactor;
        final double expected = seasonal * recent;
        final double score = ratio(point.value(), expected);
        if (!point.coverageGated() && noise.ready()) {
            return Optional.ofNullable(observeWithNoise(point, position, seasonal, dayFactor, weekday, expected, score, rules));
        }
        if (score >= rules.learnLow() && score <= rules.learnHigh()) {
            rejectedSince = NONE;
            dayShifts = 0;
            learn(position, point.value(), seasonal, dayFactor, rules);
            noise.learn(position, point.value(), expected);
            if (census && severity == null && score >= rules.resolveRatio()) {
                learnLoss();
            }
        } else {
            reject(point, score, seasonal, weekday, rules);
        }
        if (severity == null && point.coverageGated()) {
            return Optional.ofNullable(openIfSignificant(point, expected, score, rules));
        }
        return Optional.ofNullable(transition(point, expected, score, score < rules.resolveRatio(), rules));
    }

    /**
     * A series that is not a share, once its noise is known: scores the point against the expectation and the
     * learned noise, opens on a significant run of low windows ({@link #openIfSustained}), learns the point only if
     * it is normal (in the learning band, within {@value #LEARN_Z} standard deviations, no alert open and no
     * suspicious run), and resolves an open alert once the series is back within its noise.
     */
    private AlertEvent observeWithNoise(final Observation point, final double position, final double seasonal,
                                        final double dayFactor, final int weekday, final double expected,
                                        final double score, final ModelParameters rules) {
        final double variance = noise.variance(position, expected);
        final double sd = Math.sqrt(variance);
        final double z = sd > 0 ? (point.value() - expected) / sd : 0.0;
        final boolean wasAlerting = severity != null;
        runSuspicious = false;
        AlertEvent event = null;
        if (!wasAlerting) {
            event = openIfSustained(point, expected, score, variance, sd, z, rules);
        }
        // a count's band is its noise (a count of 2 is often 0 or 5); other series keep the ratio band as well
        final boolean inBand = noise.countLike() || score >= rules.learnLow() && score <= rules.learnHigh();
        final boolean learnable = inBand && Math.abs(z) <= LEARN_Z && severity == null && !runSuspicious;
        if (learnable) {
            rejectedSince = NONE;
            dayShifts = 0;
            learn(position, point.value(), seasonal, dayFactor, rules);
            noise.learn(position, point.value(), expected);
        } else {
            reject(point, score, seasonal, weekday, rules);
        }
        if (wasAlerting) {
            event = noise.countLike() ? countTransition(point, expected, score, variance, rules)
                    : transition(point, expected, score, z < -RECOVER_Z || (score < rules.resolveRatio() && z < -LOW_Z), rules);
        }
        return event;
    }

    /**
     * An open alert of a count, judged on pooled windows, since one window of a small count says little: the windows
     * since the last unrecovered one are pooled; while they are still {@value #KEEP_Z} standard deviations short the
     * outage goes on (the pool restarts), and the alert resolves once they are at least {@code resolveWindows}
     * windows, expected {@value #MIN_RECOVERY_COUNT} events or more, and are back within {@value #LOW_Z} standard
     * deviations. The severity follows the pooled ratio of the unrecovered windows.
     */
    private AlertEvent countTransition(final Observation point, final double expected, final double score,
                                       final double variance, final ModelParameters rules) {
        recoveryObserved += point.value();
        recoveryExpected += expected;
        recoveryVariance += variance;
        final double pooledZ = (recoveryObserved - recoveryExpected) / Math.sqrt(Math.max(recoveryVariance, TINY));
        if (pooledZ < -KEEP_Z) {
            alertObserved += recoveryObserved;
            alertExpected += recoveryExpected;
            alertArea += Math.max(0.0, 1.0 - ratio(recoveryObserved, recoveryExpected)) * 100.0
                    * (point.windowEnd() - (lastUnrecoveredEnd == NONE ? point.windowStart() : lastUnrecoveredEnd)) / 60_000.0;
            lastUnrecoveredEnd = point.windowEnd();
            clearRecovery();
            final double pooled = ratio(alertObserved, alertExpected);
            final Severity now = pooled < rules.criticalRatio() ? Severity.CRITICAL : Severity.WARNING;
            if (now != severity) {
                severity = now;
                worst = Severity.worst(worst, now);
                return event(AlertPhase.UPDATE, severity, point, expected, score, null, null, null);
            }
            return null;
        }
        recoveryStreak++;
        if (recoveryStreak < rules.resolveWindows() || recoveryExpected < MIN_RECOVERY_COUNT || pooledZ < -LOW_Z) {
            return null;
        }
        return resolve(point, expected, score);
    }

    private void clearRecovery() {
        recoveryStreak = 0;
        recoveryObserved = 0;
        recoveryExpected = 0;
        recoveryVariance = 0;
    }

    /**
     * Pools the run of low windows (each at least {@value #LOW_Z} standard deviations below its expectation; a window
     * that is not low stays in while the pooled deficit is still {@value #KEEP_Z} standard deviations) and opens
     * when the run is significant: for a count, when the count tail ({@link CountTail}: Poisson, or negative
     * binomial when overdispersed) of the pooled observations under the pooled expectation is below
     * {@link #SIGNIFICANCE}; for any other series, when the mean deficit is {@value #SUSTAINED_Z} standard
     * deviations. A run needs {@value #MIN_RUN_WINDOWS} windows, or one window below the warning ratio. The alert
     * starts at the run's first window; its severity follows the pooled ratio.
     */
    private AlertEvent openIfSustained(final Observation point, final double expected, final double score,
                                       final double variance, final double sd, final double z,
                                       final ModelParameters rules) {
        final boolean low = z < -LOW_Z;
        if (runSince == NONE) {
            if (!low) {
                return null;
            }
            runSince = point.windowStart();
        }
        if (runAbnormalSince == NONE && z < -LEARN_Z) {
            // the first window outside the learning band: the outage (if any) starts here, and the slightly low
            // windows of noise before it would only dilute it
            clearRun();
            runSince = point.windowStart();
            runAbnormalSince = point.windowStart();
        }
        runWindows++;
        runObserved += point.value();
        runExpected += expected;
        runVariance += variance;
        runSd += sd;
        final boolean count = noise.countLike();
        final double deficit = runObserved - runExpected;
        final double pooledZ = count ? deficit / Math.sqrt(runVariance) : deficit / runSd;
        if (!low && pooledZ > -KEEP_Z) {
            clearRun();
            return null;
        }
        final boolean significant;
        if (count) {
            final double p = pooledZ < -1.5 ? CountTail.lower(Math.round(runObserved), runExpected, runVariance) : 1.0;
            significant = p < SIGNIFICANCE;
            runSuspicious = p < SUSPECT_SIGNIFICANCE;
        } else {
            // the ratio rule, guarded by the noise: a run below the warning ratio that is also LEARN_Z sds deep in one
            // window, or SUSPECT_Z over two, is an outage (a volume with 10% noise falls only 5 sds when it halves; a series whose relative sd is above
            // 1/7 cannot fall 7 sds even to zero)
            significant = pooledZ <= -SUSTAINED_Z || ratio(runObserved, runExpected) < rules.warningRatio()
                    && pooledZ <= (runWindows >= MIN_RUN_WINDOWS ? -SUSPECT_Z : -LEARN_Z);
            runSuspicious = pooledZ <= -SUSPECT_Z;
        }
        if (!significant || (runWindows < MIN_RUN_WINDOWS && score >= rules.warningRatio())) {
            return null;
        }
        // severity: a count's pooled ratio (one window of a small count says little), another series' window ratio
        final double pooled = ratio(runObserved, runExpected);
        final double shown = count ? pooled : score;
        severity = shown < rules.criticalRatio() ? Severity.CRITICAL : Severity.WARNING;
        worst = severity;
        // the outage starts at the run's first window outside the learning band (a slightly low window of noise
        // before it is not the outage), or at the run's start when none is (a count's run of small deficits)
        alertStartedAt = runAbnormalSince != NONE ? runAbnormalSince : runSince;
        lastUnrecoveredEnd = point.windowEnd();
        recoveryStreak = 0;
        alertArea = Math.max(0.0, 1.0 - pooled) * 100.0 * (point.windowEnd() - alertStartedAt) / 60_000.0;
        alertObserved = runObserved;
        alertExpected = runExpected;
        clearRecovery();
        clearRun();
        runSuspicious = true;
        return event(AlertPhase.OPEN, severity, point, expected, score, null, null, null);
    }

    private void clearRun() {
        runSince = NONE;
        runAbnormalSince = NONE;
        runWindows = 0;
        runObserved = 0;
        runExpected = 0;
        runVariance = 0;
        runSd = 0;
    }

    /**
     * The relative standard deviation (of observed / expected) this series has learned at a time of day: how much it
     * normally varies around its expectation (before the count floor). 0 while it has learned nothing.
     */
    public double noiseAt(final long timeMillis) {
        if (!noise.known()) {
            return 0.0;
        }
        final long day = Math.floorDiv(timeMillis, DAY_MILLIS);
        return noise.relativeSpread((timeMillis - day * DAY_MILLIS) * PER_HOUR);
    }

    /** Whether the series is judged as a count (Poisson or negative binomial), from what it has learned. */
    public boolean countLike() {
        return noise.countLike();
    }

    /**
     * A gated series (a share of probes) opens only on significance: the windows below the resolve ratio since the
     * last one that was not are pooled, and the alert opens when so few successes in so many trials have a
     * binomial lower-tail probability below {@link #SIGNIFICANCE} at the expected rate. Significance is the gate,
     * not the warning ratio: a 30% drop across many probes is an outage however shallow. The alert starts at the
     * first pooled window; its severity follows the pooled ratio (CRITICAL below the critical ratio).
     */
    private AlertEvent openIfSignificant(final Observation point, final double expected, final double score,
                                         final ModelParameters rules) {
        if (score >= rules.resolveRatio()) {
            clearSuspect();
            return null;
        }
        if (suspectSince == NONE) {
            suspectSince = point.windowStart();
            burstReference = previousUp;
            burstWindows = 0;
        }
        burstWindows++;
        if (!point.pooled()) {
            // a census (the same probes every window): only this window's units are trials
            suspectTrials = 0;
            suspectSuccesses = 0;
        }
        suspectTrials += (int) Math.min(point.coverage(), Integer.MAX_VALUE / 4);
        suspectSuccesses += (int) Math.round(Math.max(0.0, Math.min(1.0, point.value())) * point.coverage());
        final double rate = Math.min(MAX_EXPECTED_RATE, expected);
        final double pooled = suspectTrials == 0 ? 1.0 : ratio(suspectSuccesses / (double) suspectTrials, expected);
        if (BinomialTail.lower(suspectSuccesses, suspectTrials, rate) >= SIGNIFICANCE
                && (point.pooled() || burstTail(up(point)) >= SIGNIFICANCE)) {
            return null;
        }
        severity = pooled < rules.criticalRatio() ? Severity.CRITICAL : Severity.WARNING;
        worst = severity;
        alertStartedAt = suspectSince;
        lastUnrecoveredEnd = point.windowEnd();
        recoveryStreak = 0;
        alertArea = Math.max(0.0, 1.0 - pooled) * 100.0 * (point.windowEnd() - suspectSince) / 60_000.0;
        clearSuspect();
        return event(AlertPhase.OPEN, severity, point, expected, score, null, null, null);
    }

    private void clearSuspect() {
        suspectSince = NONE;
        suspectTrials = 0;
        suspectSuccesses = 0;
        burstReference = -1;
        burstWindows = 0;
    }

    /** A census's units up in this window (successes of its share). */
    private static int up(final Observation point) {
        return (int) Math.min(Integer.MAX_VALUE / 4,
                Math.round(Math.max(0.0, Math.min(1.0, point.value())) * point.coverage()));
    }

    /**
     * A normal window of a census teaches its units' loss rate: the units up at the window before that are not up
     * now (net: a unit that comes back offsets one lost), out of the units that were up. Both sums decay over
     * {@value #BURST_MEMORY_WINDOWS} windows.
     */
    private void learnLoss() {
        if (previousUp < 0) {
            return;
        }
        final double keep = 1.0 - 1.0 / BURST_MEMORY_WINDOWS;
        lossSum = (float) (lossSum * keep + Math.max(0, previousUp - lastUp));
        exposure = (float) (exposure * keep + previousUp);
    }

    /**
     * How improbable it is, for a census (connected probes), that {@code up} units are up when {@link #burstReference}
     * were up just before the suspect run began, {@link #burstWindows} windows ago: Disco's disconnection burst. Each
     * unit is lost in a window with the learned rate {@code (losses + 1) / (exposure + 1)} (never 0), so the lost
     * units are at most Binomial(reference, 1 - (1 - rate)^windows), and this is its upper tail at the units lost. A
     * quarter of a country's probes dropping in the same five minutes, when they drop one at a time a few times a day,
     * is an outage even if the share stays above what a single window's binomial would call one; the same number
     * lost one by one over an hour is not. 1 when nothing is known.
     */
    double burstTail(final int up) {
        if (burstReference <= 0 || up >= burstReference || burstWindows <= 0) {
            return 1.0;
        }
        final double rate = Math.min(0.5, (lossSum + 1.0) / (exposure + 1.0));
        final double inRun = 1.0 - Math.pow(1.0 - rate, burstWindows);
        // lost >= d  <=>  kept <= reference - d, kept ~ Binomial(reference, 1 - inRun)
        return BinomialTail.lower(up, burstReference, 1.0 - inRun);
    }

    private AlertEvent transition(final Observation point, final double expected, final double score,
                                  final boolean unrecovered, final ModelParameters rules) {
        final Severity now = score < rules.criticalRatio() ? Severity.CRITICAL
                : score < rules.warningRatio() ? Severity.WARNING : null;
        if (severity == null) {
            if (now == null) {
                return null;
            }
            severity = now;
            worst = now;
            alertStartedAt = point.windowStart();
            lastUnrecoveredEnd = point.windowEnd();
            recoveryStreak = 0;
            alertArea = area(score, point);
            return event(AlertPhase.OPEN, severity, point, expected, score, null, null, null);
        }
        if (unrecovered) {
            alertArea += area(score, point);
            lastUnrecoveredEnd = point.windowEnd();
            recoveryStreak = 0;
            if (now != null && now != severity) {
                severity = now;
                worst = Severity.worst(worst, now);
                return event(AlertPhase.UPDATE, severity, point, expected, score, null, null, null);
            }
            return null;
        }
        recoveryStreak++;
        if (recoveryStreak < rules.resolveWindows()) {
            return null;
        }
        return resolve(point, expected, score);
    }

    private AlertEvent resolve(final Observation point, final double expected, final double score) {
        final double minutes = (lastUnrecoveredEnd - alertStartedAt) / 60_000.0;
        final AlertEvent resolved = event(AlertPhase.RESOLVED, worst, point, expected, score,
                lastUnrecoveredEnd, minutes, alertArea);
        severity = null;
        worst = null;
        alertStartedAt = NONE;
        lastUnrecoveredEnd = NONE;
        alertArea = 0;
        alertObserved = 0;
        alertExpected = 0;
        clearRecovery();
        return resolved;
    }

    private AlertEvent event(final AlertPhase phase, final Severity shown, final Observation point, final double expected,
                             final double score, final Long endedAt, final Double minutes, final Double area) {
        return new AlertEvent(phase, shown, alertStartedAt, endedAt, point.windowStart(), point.windowEnd(),
                expected, point.value(), score, point.coverage(), minutes, area);
    }

    private static double area(final double score, final Observation point) {
        return Math.max(0.0, 1.0 - score) * 100.0 * point.minutes();
    }

    private static double ratio(final double observed, final double expected) {
        if (expected <= TINY) {
            return observed <= TINY ? 1.0 : MAX_RATIO;
        }
        return Math.min(observed / expected, MAX_RATIO);
    }

    /**
     * An out-of-band point: extends the rejected run, and ends it with a day-factor shift (a whole UTC day out of
     * the band, at most {@value #MAX_DAY_SHIFTS} days in a row) or a level shift (out of the band for the
     * level-shift time otherwise).
     */
    private void reject(final Observation point, final double score, final double seasonal, final int weekday,
                        final ModelParameters rules) {
        final double logScore = Math.max(MIN_LOG_RATIO, Math.min(MAX_LOG_RATIO, Math.log(Math.max(score, TINY))));
        if (rejectedSince == NONE) {
            rejectedSince = point.windowStart();
            rejectedLogSum = logScore;
            rejectedCount = 1;
            return;
        }
        rejectedLogSum += logScore;
        rejectedCount++;
        final long length = point.windowEnd() - rejectedSince;
        final boolean wholeDay = length >= DAY_MILLIS
                && Math.floorMod(rejectedSince, DAY_MILLIS) < point.windowEnd() - point.windowStart();
        if (wholeDay && dayShifts < MAX_DAY_SHIFTS) {
            final double log = rejectedLogSum / rejectedCount;
            dayShiftLogs[dayShifts] = (float) log;
            dayShifts++;
            dayFactors[weekday] = (float) clampFactor(dayFactors[weekday] * Math.exp(log));
            rejectedSince = NONE;
            return;
        }
        if (length >= rules.levelShiftAfterMillis() || wholeDay) {
            if (wholeDay) {
                // a third whole day: not a weekly pattern but a new level; undo the days taken as one
                for (int back = 1; back <= dayShifts; back++) {
                    final int earlier = Math.floorMod(weekday - back, DAYS_PER_WEEK);
                    dayFactors[earlier] = (float) clampFactor(dayFactors[earlier] / Math.exp(dayShiftLogs[dayShifts - back]));
                }
            }
            dayShifts = 0;
            rejectedSince = NONE;
            recent = Math.max(point.value(), TINY) / Math.max(seasonal, TINY);
            noise.loosen();
            clearRun();
        }
    }

    private static double clampFactor(final double factor) {
        return Math.max(MIN_DAY_FACTOR, Math.min(MAX_DAY_FACTOR, factor));
    }

    private static int dayOfWeek(final long day) {
        return (int) Math.floorMod(day + EPOCH_DAY_OF_WEEK, DAYS_PER_WEEK);
    }

    private void learn(final double position, final double value, final double seasonal, final double dayFactor,
                       final ModelParameters rules) {
        if (seasonal > TINY) {
            recent += rules.levelAlpha() * (value / seasonal - recent);
        }
        learnProfile(position, value / (recent * dayFactor), rules.profileAlpha());
    }

    private void learnProfile(final double position, final double shape, final double alpha) {
        final int low = (int) position;
        final int high = (low + 1) % NODES;
        final double f = position - low;
        teach(low, 1.0 - f, shape, alpha);
        teach(high, f, shape, alpha);
    }

    private void teach(final int node, final double weight, final double shape, final double alpha) {
        if (weight <= 0) {
            return;
        }
        final float total = Math.min(weights[node] + (float) weight, MAX_NODE_WEIGHT);
        weights[node] = total;
        final double rate = Math.max(alpha * weight, weight / total);
        levels[node] += (float) (rate * (shape - levels[node]));
    }

    private double profileAt(final double position) {
        final int low = (int) position;
        final int high = (low + 1) % NODES;
        final double f = position - low;
        final boolean hasLow = weights[low] > 0;
        final boolean hasHigh = weights[high] > 0;
        if (hasLow && hasHigh) {
            return (1.0 - f) * levels[low] + f * levels[high];
        }
        if (hasLow) {
            return levels[low];
        }
        if (hasHigh) {
            return levels[high];
        }
        return Double.NaN;
    }

    /** The model in {@value #ENCODED_SIZE} bytes. */
    public byte[] toBytes() {
        final ByteBuffer out = ByteBuffer.allocate(ENCODED_SIZE);
        out.put(FORMAT);
        for (int i = 0; i < NODES; i++) {
            out.putFloat(levels[i]);
        }
        for (int i = 0; i < NODES; i++) {
            out.putFloat(weights[i]);
        }
        out.putDouble(recent);
        out.putLong(firstWindowStart);
        out.putLong(lastWindowStart);
        out.putLong(rejectedSince);
        out.put(code(severity));
        out.put(code(worst));
        out.putLong(alertStartedAt);
        out.putLong(lastUnrecoveredEnd);
        out.putInt(recoveryStreak);
        out.putDouble(alertArea);
        out.putLong(suspectSince);
        out.putInt(suspectTrials);
        out.putInt(suspectSuccesses);
        for (int d = 0; d < DAYS_PER_WEEK; d++) {
            out.putFloat(dayFactors[d]);
        }
        out.put((byte) dayShifts);
        for (int i = 0; i < MAX_DAY_SHIFTS; i++) {
            out.putFloat(dayShiftLogs[i]);
        }
        out.putDouble(rejectedLogSum);
        out.putInt(rejectedCount);
        noise.write(out);
        out.putLong(runSince);
        out.putLong(runAbnormalSince);
        out.putInt(runWindows);
        out.putDouble(runObserved);
        out.putDouble(runExpected);
        out.putDouble(runVariance);
        out.putDouble(runSd);
        out.putDouble(alertObserved);
        out.putDouble(alertExpected);
        out.putDouble(recoveryObserved);
        out.putDouble(recoveryExpected);
        out.putDouble(recoveryVariance);
        out.putInt(lastUp);
        out.putFloat(lossSum);
        out.putFloat(exposure);
        out.putInt(burstReference);
        out.putInt(burstWindows);
        return out.array();
    }

    /** Reads a model written by {@link #toBytes()}, or by an earlier format (1 to 4). */
    public static BaselineModel fromBytes(final byte[] bytes) {
        final boolean withBurst = bytes.length == ENCODED_SIZE && bytes[0] == FORMAT;
        final boolean withNoise = withBurst || bytes.length == FORMAT_4_SIZE && bytes[0] == FORMAT_WITHOUT_BURST;
        final boolean current = withNoise || bytes.length == FORMAT_3_SIZE && bytes[0] == FORMAT_WITHOUT_NOISE;
        final boolean withSuspect = current
                || bytes.length == FORMAT_2_SIZE && bytes[0] == FORMAT_WITHOUT_WEEK;
        final boolean oldest = bytes.length == FORMAT_2_SIZE - SUSPECT_SIZE && bytes[0] == FORMAT_WITHOUT_SUSPECT;
        if (!withSuspect && !oldest) {
            throw new IllegalArgumentException("Not a baseline model of format " + FORMAT + ", " + FORMAT_WITHOUT_BURST
                    + ", " + FORMAT_WITHOUT_NOISE
                    + ", " + FORMAT_WITHOUT_WEEK + " or " + FORMAT_WITHOUT_SUSPECT + " (" + bytes.length + " bytes)");
        }
        final ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        final BaselineModel model = new BaselineModel();
        for (int i = 0; i < NODES; i++) {
            model.levels[i] = in.getFloat();
        }
        for (int i = 0; i < NODES; i++) {
            model.weights[i] = in.getFloat();
        }
        model.recent = in.getDouble();
        model.firstWindowStart = in.getLong();
        model.lastWindowStart = in.getLong();
        model.rejectedSince = in.getLong();
        model.severity = severity(in.get());
        model.worst = severity(in.get());
        model.alertStartedAt = in.getLong();
        model.lastUnrecoveredEnd = in.getLong();
        model.recoveryStreak = in.getInt();
        model.alertArea = in.getDouble();
        if (withSuspect) {
            model.suspectSince = in.getLong();
            model.suspectTrials = in.getInt();
            model.suspectSuccesses = in.getInt();
        }
        if (current) {
            for (int d = 0; d < DAYS_PER_WEEK; d++) {
                model.dayFactors[d] = in.getFloat();
            }
            model.dayShifts = in.get();
            for (int i = 0; i < MAX_DAY_SHIFTS; i++) {
                model.dayShiftLogs[i] = in.getFloat();
            }
            model.rejectedLogSum = in.getDouble();
            model.rejectedCount = in.getInt();
        }
        if (withNoise) {
            model.noise.read(in);
            model.runSince = in.getLong();
            model.runAbnormalSince = in.getLong();
            model.runWindows = in.getInt();
            model.runObserved = in.getDouble();
            model.runExpected = in.getDouble();
            model.runVariance = in.getDouble();
            model.runSd = in.getDouble();
            model.alertObserved = in.getDouble();
            model.alertExpected = in.getDouble();
            model.recoveryObserved = in.getDouble();
            model.recoveryExpected = in.getDouble();
            model.recoveryVariance = in.getDouble();
        }
        if (withBurst) {
            model.lastUp = in.getInt();
            model.lossSum = in.getFloat();
            model.exposure = in.getFloat();
            model.burstReference = in.getInt();
            model.burstWindows = in.getInt();
        }
        return model;
    }

    private static byte code(final Severity s) {
        return s == null ? 0 : (byte) (s.ordinal() + 1);
    }

    private static Severity severity(final byte code) {
        return code == 0 ? null : Severity.values()[code - 1];
    }
}
