package org.outagewatch.ingest.bgp;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Reads MRT records (RFC 6396) one at a time from a stream, in constant memory. {@link #open(Path)} detects gzip
 * and bzip2 by their magic bytes. A stream that ends inside a record, a record longer than
 * {@link #MAX_RECORD_LENGTH} or a corrupt compressed stream gives an {@link MrtFormatException} naming the byte
 * offset (in the decompressed stream); every record before it has been returned.
 */
public final class MrtReader implements Closeable {
    public static final int HEADER_LENGTH = 12;
    /** The longest record accepted (a sanity bound against corrupt lengths): 16 MiB. */
    public static final int MAX_RECORD_LENGTH = 16 << 20;
    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final byte[] header = new byte[HEADER_LENGTH];
    private long offset;
    private boolean failed;

    /** Reads uncompressed MRT from a stream (buffer it if it is not). */
    public MrtReader(final InputStream in) {
        this.in = in;
    }

    /** Opens a file, gzip, bzip2 or uncompressed, told apart by its first bytes. */
    public static MrtReader open(final Path file) throws IOException {
        return new MrtReader(decompressed(new BufferedInputStream(Files.newInputStream(file), BUFFER)));
    }

    /** Wraps a buffered stream in the decompressor its first bytes call for, or returns it as it is. */
    public static InputStream decompressed(final BufferedInputStream in) throws IOException {
        in.mark(3);
        final int b0 = in.read();
        final int b1 = in.read();
        final int b2 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
        }
        if (b0 == 'B' && b1 == 'Z' && b2 == 'h') {
            // not buffered: its read(byte[]) loses the bytes of a partial read when the stream is cut, and the
            // reader asks for one record at a time, so every complete record before a cut is kept
            return new BZip2CompressorInputStream(in, true);
        }
        return in;
    }

    /**
     * The next record, or null at the end of the stream.
     *
     * @throws MrtFormatException when the stream ends inside a record or is corrupt (not recoverable)
     */
    public MrtRecord next() throws IOException {
        if (failed) {
            return null;
        }
        final long start = offset;
        final int got = readFully(header, 0, HEADER_LENGTH, start);
        if (got == 0) {
            return null;
        }
        if (got < HEADER_LENGTH) {
            throw fail(new MrtFormatException("Truncated MRT header: " + got + " of " + HEADER_LENGTH + " bytes", start, false));
        }
        final long timestamp = u32(header, 0);
        final int type = (header[4] & 0xff) << 8 | header[5] & 0xff;
        final int subtype = (header[6] & 0xff) << 8 | header[7] & 0xff;
        final long length = u32(header, 8);
        if (length > MAX_RECORD_LENGTH) {
            throw fail(new MrtFormatException("Corrupt MRT header: record length " + length + " exceeds "
                    + MAX_RECORD_LENGTH + " (type " + type + ", subtype " + subtype + ")", start, false));
        }
        int microseconds = -1;
        int bodyLength = (int) length;
        if (MrtRecord.extendedTimestamp(type)) {
            if (bodyLength < 4) {
                throw fail(new MrtFormatException("Corrupt MRT header: extended-timestamp record of " + length
                        + " bytes", start, false));
            }
            final byte[] micros = new byte[4];
            if (readFully(micros, 0, 4, start) < 4) {
                throw fail(new MrtFormatException("Truncated MRT record (type " + type + ", " + length + " bytes)", start, false));
            }
            microseconds = (int) u32(micros, 0);
            bodyLength -= 4;
        }
        final byte[] body = new byte[bodyLength];
        final int read = readFully(body, 0, bodyLength, start);
        if (read < bodyLength) {
            throw fail(new MrtFormatException("Truncated MRT record (type " + type + ", subtype " + subtype + "): "
                    + read + " of " + bodyLength + " body bytes", start, false));
        }
        return new MrtRecord(start, timestamp, microseconds, type, subtype, body);
    }

    /** Bytes read so far from the decompressed stream. */
    public long offset() {
        return offset;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private MrtFormatException fail(final MrtFormatException error) {
        failed = true;
        return error;
    }

    private int readFully(final byte[] buffer, final int from, final int length, final long recordStart) throws IOException {
        int done = 0;
        try {
            while (done < length) {
                final int n = in.read(buffer, from + done, length - done);
                if (n < 0) {
                    break;
                }
                done += n;
                offset += n;
            }
        } catch (EOFException e) {
            throw fail(new MrtFormatException("Truncated compressed input inside the record starting at " + recordStart
                    + " (" + e.getMessage() + ")", offset, false, e));
        } catch (IOException e) {
            throw fail(new MrtFormatException("Truncated or corrupt compressed input inside the record starting at " + recordStart + " ("
                    + e.getMessage() + ")", offset, false, e));
        }
        return done;
    }

    private static long u32(final byte[] b, final int at) {
        return ((long) (b[at] & 0xff) << 24) | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
    }
}
