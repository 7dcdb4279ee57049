package org.outagewatch.ingest.replay;

import java.util.Locale;

/** The adapters whose archived files a replay reads; on the command line a file may be written {@code <format>:FILE}. */
public enum ReplayFormat {
    ATLAS, OONI, MRT, TRAFFIC, FLOWS, SERIES;

    /** The format named (case-insensitive), or null when the text names none. */
    public static ReplayFormat named(final String text) {
        for (final ReplayFormat format : values()) {
            if (format.name().equalsIgnoreCase(text)) {
                return format;
            }
        }
        return null;
    }

    /** The lower-case name used on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
