package org.outagewatch.ingest.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Reads the JSON values of a file, plain, gzip or bzip2 (detected by its magic bytes, several members or streams
 * allowed; RIPE Atlas daily dumps are bzip2), in
 * the layouts the feeds publish: a JSON array of records (RIPE Atlas downloads, the msm 7000 dumps), JSON lines
 * (the streaming API saved to disk, OONI's jsonl), or one or more pretty-printed documents (an OONI measurement).
 * Every value is handed on with its {@link Origin} ({@code file:line} where it starts); whatever cannot be read
 * is handed on as {@link SourceItem.Bad} with the reason, and reading goes on where that is possible:
 * <ul>
 *   <li>JSON lines: an invalid line or one longer than {@code maxLineBytes} is one bad item, the next line is read;</li>
 *   <li>an array or a document: invalid JSON ends the file (there is no way to find the next record) with one
 *       bad item saying where;</li>
 *   <li>a truncated or corrupt gzip stream ends the file with one bad item at the line where it broke;</li>
 *   <li>a YAML document (OONI's legacy reports) is one bad item for the whole file.</li>
 * </ul>
 * The layout is chosen from the first non-blank line: {@code [} starts an array; a line that is complete JSON
 * starts JSON lines; an unfinished object ({@code {} alone or a line ending in {@code ,} {@code :} {@code {}
 * {@code [}) starts a document; {@code ---} is YAML; anything else is read as JSON lines.
 */
public final class JsonFileReader {
    /** The longest JSON line kept: 8 MiB (a 10 MB line is a dead letter). */
    public static final int DEFAULT_MAX_LINE_BYTES = 8 << 20;
    private static final int GZIP_BUFFER = 64 * 1024;

    /** The layouts of a file. */
    public enum Layout { ARRAY, LINES, DOCUMENT, YAML, EMPTY }

    private final ObjectMapper mapper;
    private final ObjectReader lineParser;
    private final int maxLineBytes;
    private final AtomicLong bytesRead;

    public JsonFileReader() {
        this(DEFAULT_MAX_LINE_BYTES);
    }

    public JsonFileReader(final int maxLineBytes) {
        this(maxLineBytes, null);
    }

    private JsonFileReader(final int maxLineBytes, final AtomicLong bytesRead) {
        this.maxLineBytes = maxLineBytes;
        this.bytesRead = bytesRead;
        this.mapper = new ObjectMapper();
        this.lineParser = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * A reader like this one that adds the bytes it reads from disk (compressed, as stored) while reading values
     * to {@code counter}, for progress against the file size.
     */
    public JsonFileReader countingBytesInto(final AtomicLong counter) {
        return new JsonFileReader(maxLineBytes, Objects.requireNonNull(counter, "counter"));
    }

    /** The shared mapper (trees only). */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** Opens a file, unzipping it when it starts with the gzip or bzip2 magic bytes. */
    public static InputStream open(final Path file) throws IOException {
        return decompressed(Files.newInputStream(file));
    }

    /** A stored stream, unzipped when it starts with the gzip or bzip2 magic bytes. */
    private static InputStream decompressed(final InputStream stored) throws IOException {
        final BufferedInputStream in = new BufferedInputStream(stored, GZIP_BUFFER);
        in.mark(3);
        final int first = in.read();
        final int second = in.read();
        final int third = in.read();
        in.reset();
        if (first == 0x1f && second == 0x8b) {
            return new GZIPInputStream(in, GZIP_BUFFER);
        }
        if (first == 'B' && second == 'Z' && third == 'h') {
            return new BufferedInputStream(new BZip2CompressorInputStream(in, true), GZIP_BUFFER);
        }
        return in;
    }

    /**
     * Reads every value of the file.
     *
     * @return the layout found
     * @throws UncheckedIOException when the file cannot be opened at all
     */
    public Layout read(final Path file, final Consumer<SourceItem> sink) {
        final String name = file.toString();
        final Layout layout = layout(file);
        try (InputStream in = bytesRead == null ? open(file)
                : decompressed(new CountingInputStream(Files.newInputStream(file), bytesRead))) {
            switch (layout) {
                case ARRAY -> readTokens(name, in, true, sink);
                case DOCUMENT -> readTokens(name, in, false, sink);
                case LINES -> readLines(name, in, sink);
                case YAML -> sink.accept(new SourceItem.Bad(Origin.line(name, 1),
                        "A YAML document, not JSON (legacy OONI YAML reports are not read; convert them to JSON)", null,
                        new byte[0]));
                case EMPTY -> {
                }
                default -> throw new IllegalStateException("Unknown layout " + layout);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return layout;
    }

    /** The layout of a file, from its first non-blank line. */
    public Layout layout(final Path file) {
        try (InputStream in = open(file)) {
            final LineReader lines = new LineReader(in, maxLineBytes);
            LineReader.Line line;
            while ((line = lines.next()) != null) {
                if (line instanceof LineReader.Line.Text text) {
                    final String trimmed = new String(text.bytes(), StandardCharsets.UTF_8).strip();
                    if (trimmed.isEmpty()) {
                        continue;
                    }
                    return layoutOf(trimmed);
                }
                return Layout.LINES;
            }
            return Layout.EMPTY;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private Layout layoutOf(final String firstLine) {
        if (firstLine.startsWith("[")) {
            return Layout.ARRAY;
        }
        if (firstLine.startsWith("---")) {
            return Layout.YAML;
        }
        try {
            lineParser.readTree(firstLine);
            return Layout.LINES;
        } catch (JsonProcessingException e) {
            final char last = firstLine.charAt(firstLine.length() - 1);
            final boolean unfinished = firstLine.startsWith("{") && (firstLine.length() == 1 || last == ','
                    || last == ':' || last == '{' || last == '[');
            return unfinished ? Layout.DOCUMENT : Layout.LINES;
        }
    }

    private void readLines(final String name, final InputStream in, final Consumer<SourceItem> sink) {
        final LineReader lines = new LineReader(in, maxLineBytes);
        LineReader.Line line;
        while ((line = lines.next()) != null) {
            final Origin origin = Origin.line(name, line.number());
            if (line instanceof LineReader.Line.Text text) {
                if (isBlank(text.bytes())) {
                    continue;
                }
                try {
                    sink.accept(new SourceItem.Value(origin, lineParser.readTree(text.bytes())));
                } catch (JsonProcessingException e) {
                    sink.accept(new SourceItem.Bad(origin, "Invalid JSON: " + e.getOriginalMessage(), e, text.bytes()));
                } catch (IOException e) {
                    sink.accept(new SourceItem.Bad(origin, "Invalid JSON: " + e.getMessage(), e, text.bytes()));
                }
            } else if (line instanceof LineReader.Line.Oversized big) {
                sink.accept(new SourceItem.Bad(origin, "Line of " + big.length() + " bytes is longer than the limit of "
                        + maxLineBytes + " bytes", null, big.head()));
            } else if (line instanceof LineReader.Line.Broken broken) {
                sink.accept(new SourceItem.Bad(origin, brokenReason(broken.error()), broken.error(), broken.head()));
            }
        }
    }

    private void readTokens(final String name, final InputStream in, final boolean array,
                            final Consumer<SourceItem> sink) {
        long line = 1;
        try (JsonParser parser = mapper.getFactory().createParser(in)) {
            JsonToken token = parser.nextToken();
            if (array && token == JsonToken.START_ARRAY) {
                token = parser.nextToken();
            }
            while (token != null && token != JsonToken.END_ARRAY) {
                line = parser.currentTokenLocation().getLineNr();
                final JsonNode node = parser.readValueAsTree();
                sink.accept(new SourceItem.Value(Origin.line(name, line), node));
                token = parser.nextToken();
            }
            if (array && token == null) {
                sink.accept(new SourceItem.Bad(Origin.line(name, line), "Truncated JSON array: the file ends before ']'",
                        null, new byte[0]));
            }
        } catch (EOFException | java.util.zip.ZipException e) {
            sink.accept(new SourceItem.Bad(Origin.line(name, line), brokenReason(e), e, new byte[0]));
        } catch (JsonProcessingException e) {
            final long at = e.getLocation() == null ? line : e.getLocation().getLineNr();
            sink.accept(new SourceItem.Bad(Origin.line(name, at), "Invalid JSON: " + e.getOriginalMessage()
                    + "; the rest of the file is not read", e, new byte[0]));
        } catch (IOException e) {
            sink.accept(new SourceItem.Bad(Origin.line(name, line), brokenReason(e), e, new byte[0]));
        }
    }

    private static String brokenReason(final IOException error) {
        if (error instanceof EOFException) {
            return "Truncated gzip stream: " + error.getMessage() + "; the rest of the file is lost";
        }
        return "Unreadable input: " + error.getMessage() + "; the rest of the file is not read";
    }

    private static boolean isBlank(final byte[] bytes) {
        for (final byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
