package org.outagewatch.detector.backtest;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads the timestamps of series and label files: epoch seconds ({@code 1404172800}, fractions allowed),
 * ISO-8601 instants ({@code 2014-07-01T00:00:00Z}, or with an offset), and zone-less date-times
 * ({@code 2014-07-01 00:00:00}, {@code 2014-07-01T00:00:00.000000}, NAB's form), read as UTC.
 */
public final class Timestamps {
    private Timestamps() {
    }

    /** The instant a timestamp names. */
    public static Instant parse(final String text) {
        final String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty timestamp");
        }
        if (isNumber(s)) {
            final double seconds = Double.parseDouble(s);
            return Instant.ofEpochMilli(Math.round(seconds * 1000.0));
        }
        final String iso = s.indexOf('T') < 0 ? s.replaceFirst(" ", "T") : s;
        try {
            if (iso.endsWith("Z") || iso.endsWith("z")) {
                return Instant.parse(iso.toUpperCase(java.util.Locale.ROOT));
            }
            if (hasOffset(iso)) {
                return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            }
            return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a timestamp (epoch seconds or ISO-8601): '" + text + "'", e);
        }
    }

    private static boolean isNumber(final String s) {
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (!(Character.isDigit(c) || c == '.' || (i == 0 && c == '-'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasOffset(final String iso) {
        final int t = iso.indexOf('T');
        return t >= 0 && (iso.indexOf('+', t) > 0 || iso.indexOf('-', t) > 0);
    }
}
