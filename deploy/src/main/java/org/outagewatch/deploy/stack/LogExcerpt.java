package org.outagewatch.deploy.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The line of a service's log that says why it failed to start, for the one-line error: the first ERROR line written
 * since the start (the first problem is usually the cause, later ones its consequences), joined with the exception
 * line under it; with no ERROR line, the last line written. Reads only what was appended after {@code offset}, so an
 * earlier run's lines in the same file are not blamed, and at most the last {@value #MAX_BYTES} bytes of it.
 */
final class LogExcerpt {
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_CHARS = 300;
    private static final Pattern ERROR = Pattern.compile("\\b(ERROR|FATAL)\\b");
    private static final Pattern EXCEPTION = Pattern.compile("^(Caused by: )?[\\w$.]+(Exception|Error)\\b.*");

    private LogExcerpt() {
    }

    /** The log's size now, to read from later; 0 when it does not exist yet. */
    static long sizeOf(final Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** What the log says since {@code offset}, or empty when nothing was written (or it cannot be read). */
    static Optional<String> since(final Path log, final long offset) {
        final List<String> lines = linesSince(log, offset);
        for (int i = 0; i < lines.size(); i++) {
            if (ERROR.matcher(lines.get(i)).find()) {
                final String next = i + 1 < lines.size() ? lines.get(i + 1).strip() : "";
                final String line = EXCEPTION.matcher(next).matches() ? lines.get(i).strip() + " - " + next
                        : lines.get(i).strip();
                return Optional.of("first error in the log: " + shorten(line));
            }
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return Optional.of("last line in the log: " + shorten(lines.get(i).strip()));
            }
        }
        return Optional.empty();
    }

    private static List<String> linesSince(final Path log, final long offset) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            final long length = file.length();
            final long from = length < offset ? 0 : Math.max(offset, length - MAX_BYTES);
            final byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String shorten(final String line) {
        return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS - 3) + "...";
    }
}
