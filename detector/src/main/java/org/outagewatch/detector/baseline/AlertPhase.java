package org.outagewatch.detector.baseline;

/** The lifecycle step an {@link AlertEvent} reports. */
public enum AlertPhase {
    OPEN,
    UPDATE,
    RESOLVED
}
