package org.outagewatch.detector.baseline;

/**
 * A change of an alert's state with its evidence: the window that caused it, what was expected and observed,
 * their ratio ({@code score}) and the coverage. {@code endedAt}, {@code durationMinutes} and {@code alertArea}
 * are set only when {@link AlertPhase#RESOLVED}; otherwise they are {@code null}.
 */
public record AlertEvent(
        AlertPhase phase,
        Severity severity,
        long startedAt,
        Long endedAt,
        long windowStart,
        long windowEnd,
        double expected,
        double observed,
        double score,
        long coverage,
        Double durationMinutes,
        Double alertArea) {
}
