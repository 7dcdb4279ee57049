package org.outagewatch.detector.baseline;

/**
 * The rules of {@link BaselineModel}, shared by every series.
 *
 * @param warningRatio an alert opens (WARNING) when observed / expected falls below this
 * @param criticalRatio CRITICAL below this
 * @param resolveRatio an alert resolves after the ratio stays at or above this ...
 * @param resolveWindows ... for this many consecutive windows
 * @param warmUpMillis no alert before the series has this much history
 * @param learnLow values below {@code learnLow x expected} are not learned ...
 * @param learnHigh ... nor above {@code learnHigh x expected} ...
 * @param levelShiftAfterMillis ... unless they have been out of that band this long: then the new level is accepted
 * @param minCoverage gated series (shares such as probe.reachable) need this many observations in a window to count
 * @param profileAlpha learning rate of the daily profile (per unit of interpolation weight)
 * @param levelAlpha learning rate of the recent level
 */
public record ModelParameters(
        double warningRatio,
        double criticalRatio,
        double resolveRatio,
        int resolveWindows,
        long warmUpMillis,
        double learnLow,
        double learnHigh,
        long levelShiftAfterMillis,
        long minCoverage,
        double profileAlpha,
        double levelAlpha) {

    public static final ModelParameters DEFAULTS = new ModelParameters(
            0.6, 0.3, 0.8, 2, 86_400_000L, 0.8, 2.0, 86_400_000L, 3, 0.05, 0.05);

    public ModelParameters {
        if (!(criticalRatio > 0 && criticalRatio < warningRatio && warningRatio <= resolveRatio && resolveRatio <= 1.0)) {
            throw new IllegalArgumentException("Ratios must satisfy 0 < critical < warning <= resolve <= 1, got critical="
                    + criticalRatio + " warning=" + warningRatio + " resolve=" + resolveRatio);
        }
        if (resolveWindows < 1) {
            throw new IllegalArgumentException("resolveWindows must be at least 1, got " + resolveWindows);
        }
        if (!(learnLow > 0 && learnLow < 1 && learnHigh > 1)) {
            throw new IllegalArgumentException("Learning band must satisfy 0 < low < 1 < high, got [" + learnLow + ", " + learnHigh + "]");
        }
        if (warmUpMillis < 0 || levelShiftAfterMillis <= 0 || minCoverage < 0) {
            throw new IllegalArgumentException("warm-up and min coverage must be >= 0 and the level-shift time > 0");
        }
        if (!(profileAlpha > 0 && profileAlpha <= 1 && levelAlpha > 0 && levelAlpha <= 1)) {
            throw new IllegalArgumentException("Learning rates must be in (0, 1], got profile=" + profileAlpha + " level=" + levelAlpha);
        }
    }
}
