package org.outagewatch.ingest.series;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.outagewatch.ingest.source.Fields;
import org.outagewatch.ingest.source.InvalidRecordException;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Parsed;
import org.outagewatch.schemas.SignalPoint;

/**
 * External time series to {@link SignalPoint}s keyed {@code <entity>|<signal>}. Pure. A row (CSV or JSON object)
 * has {@code timestamp} (epoch seconds or ISO-8601, also NAB's {@code yyyy-MM-dd HH:mm:ss}, taken as UTC),
 * {@code entity}, {@code signal}, {@code value} and optionally {@code coverage}; a NAB-style file has only
 * {@code timestamp,value}, and the entity and signal come from the defaults given here (a row's own fields win).
 * The window is [timestamp, timestamp + window); coverage defaults to the one given. A missing entity or signal, a
 * value that is not a finite number or a negative coverage is rejected with the reason.
 */
public final class SeriesParser {
    /** The default window: 5 minutes. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    /** The default coverage of a point: 1 observation. */
    public static final long DEFAULT_COVERAGE = 1;

    private final Duration window;
    private final long coverage;
    private final String entity;
    private final String signal;

    /**
     * @param entity the entity of rows without one (null: rows must name it)
     * @param signal the signal of rows without one (null: rows must name it)
     */
    public SeriesParser(final Duration window, final long coverage, final String entity, final String signal) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("The window must be positive: " + window);
        }
        if (coverage < 0) {
            throw new IllegalArgumentException("The coverage must not be negative: " + coverage);
        }
        this.window = window;
        this.coverage = coverage;
        this.entity = blankToNull(entity);
        this.signal = blankToNull(signal);
    }

    /** Maps one row. */
    public Parsed parse(final JsonNode node) {
        if (!node.isObject()) {
            return Parsed.rejected("Not a series row object but " + node.getNodeType());
        }
        final Instant start = Fields.instant("timestamp", Fields.text(node, "timestamp"));
        final String rowEntity = orDefault(Fields.text(node, "entity"), entity, "entity");
        final String rowSignal = orDefault(Fields.text(node, "signal"), signal, "signal");
        final Double value = Fields.optionalDouble(node, "value");
        if (value == null) {
            throw new InvalidRecordException("Field 'value' is missing");
        }
        if (value.isNaN() || value.isInfinite()) {
            throw new InvalidRecordException("Field 'value' is not a finite number: " + value);
        }
        final Long rowCoverage = Fields.optionalLong(node, "coverage");
        if (rowCoverage != null && rowCoverage < 0) {
            throw new InvalidRecordException("Field 'coverage' is negative: " + rowCoverage);
        }
        final SignalPoint point = SignalPoint.newBuilder()
                .setEntity(rowEntity)
                .setSignal(rowSignal)
                .setWindowStart(start)
                .setWindowEnd(start.plus(window))
                .setValue(value)
                .setCoverage(rowCoverage != null ? rowCoverage : coverage)
                .build();
        return Parsed.of(new Keyed(rowEntity + "|" + rowSignal, point, start));
    }

    private static String orDefault(final String value, final String fallback, final String field) {
        if (value != null) {
            return value;
        }
        if (fallback == null) {
            throw new InvalidRecordException("Field '" + field + "' is missing (give --" + field + " for files without it)");
        }
        return fallback;
    }

    private static String blankToNull(final String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
