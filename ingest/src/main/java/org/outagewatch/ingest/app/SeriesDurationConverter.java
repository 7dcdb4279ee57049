package org.outagewatch.ingest.app;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A positive duration from a flag: seconds ({@code 300}), {@code 300s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT5M}). */
public final class SeriesDurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(final String value) {
        final String text = value.strip().toLowerCase(Locale.ROOT);
        final Duration duration;
        try {
            if (text.startsWith("p")) {
                duration = Duration.parse(text.toUpperCase(Locale.ROOT));
            } else {
                final char unit = text.isEmpty() ? ' ' : text.charAt(text.length() - 1);
                final String digits = Character.isDigit(unit) ? text : text.substring(0, text.length() - 1);
                final long amount = Long.parseLong(digits);
                duration = switch (unit) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    case 'd' -> Duration.ofDays(amount);
                    default -> {
                        if (!Character.isDigit(unit)) {
                            throw new TypeConversionException("'" + value + "' is not a duration (300, 300s, 5m, 1h, 1d, PT5M)");
                        }
                        yield Duration.ofSeconds(amount);
                    }
                };
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (300, 300s, 5m, 1h, 1d, PT5M)");
        }
        if (duration.isNegative() || duration.isZero() || duration.toMillis() % 1000 != 0) {
            throw new TypeConversionException("'" + value + "' is not a positive whole number of seconds");
        }
        return duration;
    }
}
