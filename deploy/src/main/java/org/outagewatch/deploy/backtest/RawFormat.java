package org.outagewatch.deploy.backtest;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The formats {@code outagewatch backtest --events} reads: our own JSON-lines dump ({@link EventsFile}), RIPE Atlas
 * results, OONI measurements, traffic counters (CSV or JSON lines) and goflow2 flow records; {@link #AUTO} takes the
 * dump when a file's first line is a dump line and asks for {@code --format} otherwise. A file may name its own format
 * with a prefix, {@code atlas:FILE} ({@link EventsInput}).
 */
public enum RawFormat {
    AUTO, DUMP, ATLAS, OONI, TRAFFIC, FLOWS;

    /** The option value, lower case. */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every option value, as {@code auto|dump|...}. */
    public static String choices() {
        return Arrays.stream(values()).map(RawFormat::optionValue).collect(Collectors.joining("|"));
    }

    /** The format of this option value (case-insensitive), or null when it names none. */
    public static RawFormat named(final String value) {
        for (final RawFormat format : values()) {
            if (format.optionValue().equalsIgnoreCase(value.trim())) {
                return format;
            }
        }
        return null;
    }

    /** Reads {@code --format} case-insensitively. */
    public static final class Converter implements ITypeConverter<RawFormat> {
        @Override
        public RawFormat convert(final String value) {
            final RawFormat format = named(value);
            if (format != null) {
                return format;
            }
            throw new TypeConversionException("'" + value + "' is not a format: give one of " + choices());
        }
    }
}
