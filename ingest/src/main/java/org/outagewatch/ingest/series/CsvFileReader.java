package org.outagewatch.ingest.series;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.LineReader;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.SourceItem;

/**
 * Reads a CSV file with a header line (plain or gzip) into one JSON object per row, the header's names (trimmed,
 * lower case) to the row's text values, each with its {@code file:line} origin, so that the same parsers read CSV
 * and JSON lines. Fields may be double-quoted ({@code ""} inside quotes is a quote); a quoted field does not span
 * lines. A row with a different number of fields than the header, an oversized line and a broken gzip stream are
 * {@link SourceItem.Bad} items; blank lines are skipped; reading goes on after a bad row.
 */
public final class CsvFileReader {
    private final ObjectMapper mapper = new ObjectMapper();
    private final int maxLineBytes;

    public CsvFileReader() {
        this(JsonFileReader.DEFAULT_MAX_LINE_BYTES);
    }

    public CsvFileReader(final int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** True when the file name says CSV ({@code .csv}, {@code .csv.gz}, {@code .tsv} is not read). */
    public static boolean isCsv(final Path file) {
        final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".csv.gz");
    }

    /** Reads every row of the file into the sink. */
    public void read(final Path file, final Consumer<SourceItem> sink) {
        final String name = file.toString();
        try (InputStream in = JsonFileReader.open(file)) {
            final LineReader lines = new LineReader(in, maxLineBytes);
            List<String> header = null;
            LineReader.Line line;
            while ((line = lines.next()) != null) {
                final Origin origin = Origin.line(name, line.number());
                if (line instanceof LineReader.Line.Text text) {
                    final String row = new String(text.bytes(), StandardCharsets.UTF_8);
                    if (row.isBlank()) {
                        continue;
                    }
                    final List<String> fields = split(row);
                    if (header == null) {
                        header = fields.stream().map(field -> field.strip().toLowerCase(Locale.ROOT)
                                .replace("\uFEFF", "")).toList();
                        continue;
                    }
                    if (fields.size() != header.size()) {
                        sink.accept(new SourceItem.Bad(origin, "CSV row has " + fields.size() + " fields, the header "
                                + header.size(), null, text.bytes()));
                        continue;
                    }
                    final ObjectNode node = mapper.createObjectNode();
                    for (int i = 0; i < fields.size(); i++) {
                        node.put(header.get(i), fields.get(i).strip());
                    }
                    sink.accept(new SourceItem.Value(origin, node));
                } else if (line instanceof LineReader.Line.Oversized big) {
                    sink.accept(new SourceItem.Bad(origin, "Line of " + big.length() + " bytes is longer than the limit of "
                            + maxLineBytes + " bytes", null, big.head()));
                } else if (line instanceof LineReader.Line.Broken broken) {
                    sink.accept(new SourceItem.Bad(origin, "Truncated or corrupt input: " + broken.error().getMessage()
                            + "; the rest of the file is lost", broken.error(), broken.head()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The fields of one CSV line. */
    static List<String> split(final String line) {
        final List<String> fields = new ArrayList<>();
        final StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            final char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
