package org.outagewatch.detector.backtest;

import java.time.Instant;
import org.outagewatch.schemas.AlertSeverity;

/**
 * One alert of a backtest from its OPEN to its RESOLVED event (alert id {@code <entity>|<signal>|<start>}).
 *
 * @param id the alert id
 * @param entity the entity
 * @param signal the signal
 * @param start when the outage started (start of the first bad window)
 * @param end when it ended (end of the last bad window); null while still open at the end of the input
 * @param openedAt when the OPEN alert was emitted: the end of the window that opened it (its detection time)
 * @param severity the worst severity reached
 * @param expected expected value of the opening window
 * @param observed observed value of the opening window
 * @param score observed / expected of the opening window
 * @param coverage observations in the opening window
 * @param durationMinutes duration, when resolved
 * @param alertArea percent drop x minutes, when resolved
 */
public record AlertSpan(String id, String entity, String signal, Instant start, Instant end, Instant openedAt,
                        AlertSeverity severity, double expected, double observed, double score, long coverage,
                        Double durationMinutes, Double alertArea) {

    /** The end, or {@code fallback} when the alert is still open. */
    public Instant endOr(final Instant fallback) {
        return end != null ? end : fallback;
    }
}
