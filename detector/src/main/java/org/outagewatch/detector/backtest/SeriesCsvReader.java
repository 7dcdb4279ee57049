package org.outagewatch.detector.backtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.outagewatch.schemas.SignalPoint;

/**
 * Reads series files into {@link SignalPoint}s for a backtest's {@code --series}, ordered by window start, then
 * entity and signal. Two forms, told apart by the header:
 * <ul>
 *   <li>{@code timestamp,entity,signal,value}: any entity and signal id;</li>
 *   <li>{@code timestamp,value} (a NAB data file): entity = {@code <parent folder>/<file name>}, as NAB's label
 *       files name it (for example {@code realKnownCause/nyc_taxi.csv}), signal {@value #NAB_SIGNAL}.</li>
 * </ul>
 * Timestamps are epoch seconds or ISO-8601 ({@link Timestamps}). A point's window runs from its timestamp to the
 * series' next timestamp (the last one keeps the previous step); coverage is 1. A repeated timestamp of a series
 * keeps its first value. Anything else malformed is an {@link IllegalArgumentException} naming file and line.
 */
public final class SeriesCsvReader {
    /** The signal id given to the values of a NAB data file. */
    public static final String NAB_SIGNAL = "nab.value";
    private static final long DEFAULT_STEP_MILLIS = 300_000L;

    private SeriesCsvReader() {
    }

    /** The points of a file, ordered by window start. */
    public static List<SignalPoint> read(final Path file) {
        final Map<String, List<long[]>> times = new LinkedHashMap<>();
        final Map<String, List<Double>> values = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            final String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + ": empty file, expected a header timestamp,entity,signal,value");
            }
            final String h = header.replace(" ", "").replace("\uFEFF", "").toLowerCase(java.util.Locale.ROOT);
            final boolean nab = h.equals("timestamp,value");
            if (!nab && !h.equals("timestamp,entity,signal,value")) {
                throw new IllegalArgumentException(file + ":1: header must be timestamp,entity,signal,value (or NAB's timestamp,value), not '" + header + "'");
            }
            final String nabEntity = nabEntity(file);
            String line;
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                final String[] cells = line.split(",", -1);
                if (cells.length != (nab ? 2 : 4)) {
                    throw new IllegalArgumentException(file + ":" + number + ": expected " + (nab ? 2 : 4) + " columns, got " + cells.length);
                }
                final String series = nab ? nabEntity + "|" + NAB_SIGNAL : cells[1].trim() + "|" + cells[2].trim();
                final long at;
                final double value;
                try {
                    at = Timestamps.parse(cells[0]).toEpochMilli();
                    value = Double.parseDouble(cells[nab ? 1 : 3].trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + number + ": " + e.getMessage(), e);
                }
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException(file + ":" + number + ": value is not a finite number");
                }
                times.computeIfAbsent(series, k -> new ArrayList<>()).add(new long[] {at, values.computeIfAbsent(series, k -> new ArrayList<>()).size()});
                values.get(series).add(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read series " + file + ": " + e.getMessage(), e);
        }
        final List<SignalPoint> points = new ArrayList<>();
        times.forEach((series, rows) -> addSeries(series, rows, values.get(series), points));
        points.sort(Comparator.comparing(SignalPoint::getWindowStart).thenComparing(SignalPoint::getEntity)
                .thenComparing(SignalPoint::getSignal));
        return points;
    }

    private static void addSeries(final String series, final List<long[]> rows, final List<Double> values,
                                  final List<SignalPoint> out) {
        final int bar = series.lastIndexOf('|');
        final String entity = series.substring(0, bar);
        final String signal = series.substring(bar + 1);
        rows.sort(Comparator.comparingLong(r -> r[0]));
        long step = DEFAULT_STEP_MILLIS;
        for (int i = 0; i < rows.size(); i++) {
            final long start = rows.get(i)[0];
            if (i > 0 && start == rows.get(i - 1)[0]) {
                continue;
            }
            int next = i + 1;
            while (next < rows.size() && rows.get(next)[0] == start) {
                next++;
            }
            if (next < rows.size()) {
                step = rows.get(next)[0] - start;
            }
            out.add(SignalPoint.newBuilder().setEntity(entity).setSignal(signal)
                    .setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(start + step))
                    .setValue(values.get((int) rows.get(i)[1])).setCoverage(1L).build());
        }
    }

    private static String nabEntity(final Path file) {
        final Path name = file.getFileName();
        final Path parent = file.toAbsolutePath().getParent();
        return parent == null || parent.getFileName() == null ? name.toString()
                : parent.getFileName() + "/" + name;
    }
}
