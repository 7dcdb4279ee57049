package org.outagewatch.schemas.registry;

import java.util.Locale;

/** Confluent's compatibility levels. BACKWARD is the default: a new schema can read data written with the last one. */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    /** Parses a level as the REST API spells it, case-insensitively; null when unknown. */
    public static CompatibilityLevel parse(final String text) {
        if (text == null) {
            return null;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether new schemas must be able to read data written with older ones. */
    public boolean checksBackward() {
        return this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** Whether older schemas must be able to read data written with new ones. */
    public boolean checksForward() {
        return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** Whether every earlier version is checked, not only the latest. */
    public boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }
}
