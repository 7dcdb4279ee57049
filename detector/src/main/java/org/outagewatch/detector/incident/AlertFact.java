package org.outagewatch.detector.incident;

/**
 * An alert as stage 3 keeps it: the last state of one stage-2 alert.
 *
 * @param alertId stage 2's stable id ({@code <entity>|<signal>|<startedAt>})
 * @param entity {@code AS<asn>} or {@code AS<asn>/<service>}
 * @param signal the signal id
 * @param open false once RESOLVED
 * @param startedAt start of the first anomalous window, epoch millis
 * @param endedAt end of the last anomalous window once resolved, else the end of the last window seen
 * @param score observed / expected of the last window seen
 * @param area percent drop x minutes (the final value when resolved, a running estimate while open)
 */
public record AlertFact(String alertId, String entity, String signal, boolean open, long startedAt, long endedAt,
                        double score, double area) {
}
