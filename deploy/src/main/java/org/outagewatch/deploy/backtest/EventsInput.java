package org.outagewatch.deploy.backtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One {@code --events} argument of {@code backtest} (and a file of {@code study}): {@code [FORMAT:]FILE}, as
 * {@code ingest replay} takes them, so one run can hold a world's Atlas and OONI files together
 * ({@code atlas:ke.jsonl ooni:ke-web.jsonl.gz}). A file without a prefix takes the {@code --format} given.
 */
public record EventsInput(RawFormat format, Path file) {
    public EventsInput {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(file, "file");
    }

    /**
     * Reads {@code [FORMAT:]FILE}; the prefix must name a format other than {@code auto}, else the whole text is the
     * file's name and it takes {@code fallback}.
     *
     * @throws IllegalArgumentException when the file does not exist
     */
    public static EventsInput parse(final String text, final RawFormat fallback) {
        final int colon = text.indexOf(':');
        final RawFormat prefixed = colon > 0 ? RawFormat.named(text.substring(0, colon)) : null;
        final boolean hasPrefix = prefixed != null && prefixed != RawFormat.AUTO;
        final Path file = Path.of(hasPrefix ? text.substring(colon + 1) : text);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No such file: " + file);
        }
        return new EventsInput(hasPrefix ? prefixed : fallback, file);
    }

    @Override
    public String toString() {
        return format.optionValue() + ":" + file;
    }
}
