package org.outagewatch.ingest.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Lenient readers for the fields of real feeds, where one field arrives as a number in one firmware and as a
 * string in the next ({@code "rcvd":"3"} / {@code 3}, {@code "asn":"15399"} / {@code 15399} / {@code ""}).
 * Missing, mistyped or absurd values throw {@link InvalidRecordException} naming the field.
 */
public final class Fields {
    /** The earliest event time taken as real: 1990-01-01. */
    public static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");
    /** The latest event time taken as real: 2100-01-01. */
    public static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");
    private static final DateTimeFormatter SPACED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS]");

    private Fields() {
    }

    /** The field's text, or null when it is missing, null or empty. */
    public static String text(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        final String text = value.asText().strip();
        return text.isEmpty() ? null : text;
    }

    /** The field as a whole number (a JSON number or a numeric string), or null when missing, null or empty. */
    public static Long optionalLong(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isNumber() && value.asDouble() == Math.rint(value.asDouble())) {
            return (long) value.asDouble();
        }
        if (value.isTextual()) {
            final String text = value.asText().strip();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new InvalidRecordException("Field '" + field + "' is not a whole number: '" + abbreviate(text) + "'");
            }
        }
        throw new InvalidRecordException("Field '" + field + "' is not a whole number: " + abbreviate(value.toString()));
    }

    /** The field as a whole number; missing is an error. */
    public static long requiredLong(final JsonNode node, final String field) {
        final Long value = optionalLong(node, field);
        if (value == null) {
            throw new InvalidRecordException("Field '" + field + "' is missing");
        }
        return value;
    }

    /** The field as a number (a JSON number or a numeric string), or null when missing, null or empty. */
    public static Double optionalDouble(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        if (value.isTextual()) {
            final String text = value.asText().strip();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new InvalidRecordException("Field '" + field + "' is not a number: '" + abbreviate(text) + "'");
            }
        }
        throw new InvalidRecordException("Field '" + field + "' is not a number: " + abbreviate(value.toString()));
    }

    /** An event time in epoch seconds, checked to lie in [{@link #EARLIEST}, {@link #LATEST}). */
    public static Instant epochSeconds(final JsonNode node, final String field) {
        return checked(field, Instant.ofEpochSecond(requiredLong(node, field)));
    }

    /**
     * An event time from text: epoch seconds (digits, with an optional fraction), ISO-8601 with an offset,
     * {@code yyyy-MM-dd HH:mm:ss[.ffffff]} or {@code yyyy-MM-ddTHH:mm:ss} (taken as UTC), or a date (its start, UTC).
     */
    public static Instant instant(final String field, final String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRecordException("Field '" + field + "' is missing");
        }
        final String value = text.strip();
        try {
            if (value.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.')) {
                final double seconds = Double.parseDouble(value);
                return checked(field, Instant.ofEpochMilli(Math.round(seconds * 1000)));
            }
            if (value.length() == 10) {
                return checked(field, LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return checked(field, OffsetDateTime.parse(value.replace(' ', 'T')).toInstant());
            }
            if (value.indexOf('T') == 10) {
                return checked(field, LocalDateTime.parse(value).toInstant(ZoneOffset.UTC));
            }
            return checked(field, LocalDateTime.parse(value, SPACED).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new InvalidRecordException("Field '" + field + "' is not a time: '" + abbreviate(value) + "'");
        }
    }

    /** The instant, when it lies in [{@link #EARLIEST}, {@link #LATEST}); an absurd time is an error. */
    public static Instant checked(final String field, final Instant instant) {
        if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
            throw new InvalidRecordException("Field '" + field + "' is an absurd time: " + instant);
        }
        return instant;
    }

    /** Text cut to 80 characters for a reason. */
    public static String abbreviate(final String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
