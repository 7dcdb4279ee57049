package org.outagewatch.ingest.bgp;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer of ASCII text as bytes, reused line after line: numbers, addresses and strings are written
 * straight into it without intermediate Strings, and it goes out as bytes to an {@link OutputStream} (or widened to
 * chars for a {@link Writer}). Only for ASCII text (characters above U+00FF
 * are not encoded). Not thread-safe.
 */
public final class AsciiBuffer {
    private byte[] bytes;
    private char[] chars = new char[0];
    private int length;

    public AsciiBuffer(final int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    public int length() {
        return length;
    }

    /** Empties the buffer (keeps its memory). */
    public void clear() {
        length = 0;
    }

    public AsciiBuffer append(final char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** A string of ASCII or Latin-1 characters (others lose their high bits: only for text this package writes). */
    @SuppressWarnings("deprecation") // the Latin-1 copy without a charset is exactly what is wanted, and fast
    public AsciiBuffer append(final String s) {
        final int n = s.length();
        ensure(n);
        s.getBytes(0, n, bytes, length);
        length += n;
        return this;
    }

    /** A decimal number. */
    public AsciiBuffer append(final long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                return append(Long.toString(value));
            }
            append('-');
            return append(-value);
        }
        ensure(20);
        if (value < 10) {
            bytes[length++] = (byte) ('0' + value);
            return this;
        }
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10) {
            digits++;
        }
        long v = value;
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length += digits;
        return this;
    }

    /** A number of at least {@code width} decimal digits, zero-padded. */
    public AsciiBuffer appendPadded(final long value, final int width) {
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            append('0');
        }
        return append(value);
    }

    /** Writes the bytes to a stream (the buffer keeps them; {@link #clear()} to reuse it). */
    public void writeTo(final OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    /** Writes the text to a writer. */
    public void writeTo(final Writer out) throws IOException {
        if (chars.length < length) {
            chars = new char[bytes.length];
        }
        for (int i = 0; i < length; i++) {
            chars[i] = (char) (bytes[i] & 0xff);
        }
        out.write(chars, 0, length);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    private void ensure(final int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
