package org.outagewatch.detector.app;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import org.outagewatch.detector.baseline.ModelParameters;
import org.outagewatch.detector.common.InputBacklog;
import org.outagewatch.detector.common.ProgressRules;
import org.outagewatch.detector.common.WindowRules;
import org.outagewatch.detector.routing.RoutingRules;
import org.outagewatch.detector.signals.SignalFoldProcessor;
import org.outagewatch.schemas.config.Settings;

/**
 * The detector's own settings ({@code outagewatch.detector.*}), with defaults. Durations are ISO-8601
 * ({@code PT5M}) or short ({@code 500ms}, {@code 90s}, {@code 5m}, {@code 6h}, {@code 1d}).
 *
 * <pre>
 * key (outagewatch.detector.)  default  meaning
 * window-size                  5m       tumbling event-time window of stage 1
 * grace                        1m       how late a record may be before its window closes
 * active-horizon               6h       a series seen this recently gets zero points when silent
 * warm-up                      1d       no alert before a series has this much history
 * warning-ratio                0.6      OPEN (WARNING) below observed/expected
 * critical-ratio               0.3      CRITICAL below
 * resolve-ratio                0.8      RESOLVED after the ratio is at or above this ...
 * resolve-windows              2        ... for this many consecutive windows
 * learn-low / learn-high       0.8 / 2  values outside [low, high] x expected are not learned ...
 * level-shift-after            1d       ... unless out of band this long (a level shift)
 * min-coverage                 3        observations a gated (share) signal needs per window
 * coverage-gated-prefixes      probe.,service.,atlas.  signal ids that are shares (judged by significance)
 * census-prefixes              atlas.   shares of the same units every window (connected probes): significance
 *                                       per window, not pooled over windows
 * profile-alpha / level-alpha  0.05 / 0.05       learning rates
 * routing-full-feed-ipv4       400000   a peer with more IPv4 prefixes than this is full-feed ...
 * routing-full-feed-ipv6       10000    ... or with more IPv6 prefixes than this
 * routing-visible-share        0.5      a prefix is visible when more than this share of full-feed peers see it
 * idle-after                   30s      a writer task (stage 1, liveness, routing) without input for this long
 *                                       (wall clock) is idle: the stages that combine partitions (country
 *                                       rollup, incidents) stop waiting for its progress markers
 * stall-min-series             5        a signal's active series (per task) all silent in a window, at least this
 *                                       many: a stalled feed (one feed-health alert), not an outage of each
 * </pre>
 */
public record DetectorSettings(
        Duration windowSize,
        Duration grace,
        Duration activeHorizon,
        Duration warmUp,
        double warningRatio,
        double criticalRatio,
        double resolveRatio,
        int resolveWindows,
        double learnLow,
        double learnHigh,
        Duration levelShiftAfter,
        long minCoverage,
        List<String> coverageGatedPrefixes,
        double profileAlpha,
        double levelAlpha,
        RoutingRules routing,
        ProgressRules progress,
        long stallMinSeries,
        List<String> censusPrefixes) {

    public static final String PREFIX = Settings.OURS + "detector.";

    public DetectorSettings {
        coverageGatedPrefixes = List.copyOf(coverageGatedPrefixes);
        censusPrefixes = List.copyOf(censusPrefixes);
        // validate eagerly, with the messages of the rules' own checks
        new WindowRules(windowSize.toMillis(), grace.toMillis(), activeHorizon.toMillis());
        java.util.Objects.requireNonNull(progress, "progress");
        if (stallMinSeries < 1) {
            throw new IllegalArgumentException("stall-min-series must be >= 1: " + stallMinSeries);
        }
        new ModelParameters(warningRatio, criticalRatio, resolveRatio, resolveWindows, warmUp.toMillis(), learnLow,
                learnHigh, levelShiftAfter.toMillis(), minCoverage, profileAlpha, levelAlpha);
    }

    /** Settings with the default routing rules, progress rules (one task each), stall rule and census prefixes. */
    public DetectorSettings(final Duration windowSize, final Duration grace, final Duration activeHorizon,
                            final Duration warmUp, final double warningRatio, final double criticalRatio,
                            final double resolveRatio, final int resolveWindows, final double learnLow,
                            final double learnHigh, final Duration levelShiftAfter, final long minCoverage,
                            final List<String> coverageGatedPrefixes, final double profileAlpha, final double levelAlpha) {
        this(windowSize, grace, activeHorizon, warmUp, warningRatio, criticalRatio, resolveRatio, resolveWindows,
                learnLow, learnHigh, levelShiftAfter, minCoverage, coverageGatedPrefixes, profileAlpha, levelAlpha,
                RoutingRules.DEFAULTS, ProgressRules.SINGLE_TASK, SignalFoldProcessor.DEFAULT_STALL_MIN_SERIES,
                List.of("atlas."));
    }

    public static DetectorSettings defaults() {
        final ModelParameters m = ModelParameters.DEFAULTS;
        return new DetectorSettings(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofHours(6),
                Duration.ofMillis(m.warmUpMillis()), m.warningRatio(), m.criticalRatio(), m.resolveRatio(),
                m.resolveWindows(), m.learnLow(), m.learnHigh(), Duration.ofMillis(m.levelShiftAfterMillis()),
                m.minCoverage(), List.of("probe.", "service.", "atlas."), m.profileAlpha(), m.levelAlpha());
    }

    /** Reads {@code outagewatch.detector.*}; missing keys keep their defaults. */
    public static DetectorSettings from(final Settings settings) {
        final DetectorSettings d = defaults();
        final Duration windowSize = duration(settings, "window-size", d.windowSize());
        return new DetectorSettings(
                windowSize,
                duration(settings, "grace", d.grace()),
                duration(settings, "active-horizon", d.activeHorizon()),
                duration(settings, "warm-up", d.warmUp()),
                settings.getDouble(PREFIX + "warning-ratio", d.warningRatio()),
                settings.getDouble(PREFIX + "critical-ratio", d.criticalRatio()),
                settings.getDouble(PREFIX + "resolve-ratio", d.resolveRatio()),
                settings.getInt(PREFIX + "resolve-windows", d.resolveWindows()),
                settings.getDouble(PREFIX + "learn-low", d.learnLow()),
                settings.getDouble(PREFIX + "learn-high", d.learnHigh()),
                duration(settings, "level-shift-after", d.levelShiftAfter()),
                settings.getLong(PREFIX + "min-coverage", d.minCoverage()),
                prefixes(settings, "coverage-gated-prefixes", d.coverageGatedPrefixes()),
                settings.getDouble(PREFIX + "profile-alpha", d.profileAlpha()),
                settings.getDouble(PREFIX + "level-alpha", d.levelAlpha()),
                new RoutingRules(settings.getLong(PREFIX + "routing-full-feed-ipv4", d.routing().fullFeedIpv4()),
                        settings.getLong(PREFIX + "routing-full-feed-ipv6", d.routing().fullFeedIpv6()),
                        settings.getDouble(PREFIX + "routing-visible-share", d.routing().visibleShare())),
                new ProgressRules(1, 1, 1, duration(settings, "idle-after", d.progress().idleAfter()), InputBacklog.UNKNOWN),
                settings.getLong(PREFIX + "stall-min-series", d.stallMinSeries()),
                prefixes(settings, "census-prefixes", d.censusPrefixes()));
    }

    /** These settings with other progress rules: the running detector's task counts and input backlog. */
    public DetectorSettings withProgress(final ProgressRules rules) {
        return new DetectorSettings(windowSize, grace, activeHorizon, warmUp, warningRatio, criticalRatio, resolveRatio,
                resolveWindows, learnLow, learnHigh, levelShiftAfter, minCoverage, coverageGatedPrefixes, profileAlpha,
                levelAlpha, routing, rules, stallMinSeries, censusPrefixes);
    }

    public WindowRules windowRules() {
        return new WindowRules(windowSize.toMillis(), grace.toMillis(), activeHorizon.toMillis());
    }

    public ModelParameters modelParameters() {
        return new ModelParameters(warningRatio, criticalRatio, resolveRatio, resolveWindows, warmUp.toMillis(),
                learnLow, learnHigh, levelShiftAfter.toMillis(), minCoverage, profileAlpha, levelAlpha);
    }

    /** A comma-separated list of signal-id prefixes; empty entries dropped. */
    private static List<String> prefixes(final Settings settings, final String name, final List<String> fallback) {
        final String value = settings.get(PREFIX + name);
        return value == null ? fallback
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Duration duration(final Settings settings, final String name, final Duration fallback) {
        final String key = PREFIX + name;
        final String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return parseDuration(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("Setting " + key + " must be a duration such as 5m or PT5M, not '" + value + "'", e);
        }
    }

    /** Parses {@code PT5M} or {@code 500ms}, {@code 90s}, {@code 5m}, {@code 6h}, {@code 1d} ({@link Settings#parseDuration}). */
    static Duration parseDuration(final String text) {
        return Settings.parseDuration(text);
    }
}
