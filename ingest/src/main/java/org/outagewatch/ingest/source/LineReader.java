package org.outagewatch.ingest.source;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Reads lines of bytes ({@code \n} or {@code \r\n}) from a stream, counting them, without ever holding more
 * than {@code maxLineBytes} of one line: a longer line is consumed to its end and reported as oversized with
 * its first {@code maxLineBytes} bytes. A truncated or corrupt gzip stream ends the reading with
 * {@link Line.Broken}. Used by one thread.
 */
public final class LineReader {
    private static final int BUFFER = 64 * 1024;

    /** One result of {@link #next()}. */
    public sealed interface Line permits Line.Text, Line.Oversized, Line.Broken {
        long number();

        /** A complete line (without its terminator). */
        record Text(long number, byte[] bytes) implements Line {
        }

        /** A line longer than the limit; {@code head} is its beginning, {@code length} its full length. */
        record Oversized(long number, byte[] head, long length) implements Line {
        }

        /** The stream broke at this line (truncated gzip, I/O error); nothing follows. */
        record Broken(long number, byte[] head, IOException error) implements Line {
        }
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private long number;
    private boolean done;

    public LineReader(final InputStream in, final int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at the end of the stream. */
    public Line next() {
        if (done) {
            return null;
        }
        final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        long length = 0;
        number++;
        while (true) {
            if (position == limit) {
                try {
                    limit = in.read(buffer);
                } catch (EOFException | ZipException e) {
                    done = true;
                    return new Line.Broken(number, line.toByteArray(), e);
                } catch (IOException e) {
                    done = true;
                    return new Line.Broken(number, line.toByteArray(), e);
                }
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    done = true;
                    if (length == 0) {
                        return null;
                    }
                    return finish(line, length);
                }
            }
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            final int chunk = end - position;
            final int room = (int) Math.max(0, Math.min(chunk, maxLineBytes - length));
            line.write(buffer, position, room);
            length += chunk;
            position = end;
            if (end < limit) {
                position++;
                return finish(line, length);
            }
        }
    }

    private Line finish(final ByteArrayOutputStream line, final long length) {
        byte[] bytes = line.toByteArray();
        if (length > maxLineBytes) {
            return new Line.Oversized(number, bytes, length);
        }
        if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            bytes = Arrays.copyOf(bytes, bytes.length - 1);
        }
        return new Line.Text(number, bytes);
    }
}
