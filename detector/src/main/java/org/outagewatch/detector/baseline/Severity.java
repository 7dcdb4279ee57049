package org.outagewatch.detector.baseline;

/** How far a series fell below its expectation, worst last. */
public enum Severity {
    WARNING,
    CRITICAL;

    /** The worse of two severities; {@code null} counts as none. */
    static Severity worst(final Severity a, final Severity b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.compareTo(b) >= 0 ? a : b;
    }
}
