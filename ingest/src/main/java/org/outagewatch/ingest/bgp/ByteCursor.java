package org.outagewatch.ingest.bgp;

/** A bounds-checked big-endian reader over a slice of a byte array; running past the end is an {@link MrtDecodeException}. */
final class ByteCursor {
    private final byte[] data;
    private final int base;
    private int pos;
    private final int limit;

    ByteCursor(final byte[] data) {
        this(data, 0, data.length, 0);
    }

    private ByteCursor(final byte[] data, final int from, final int to, final int base) {
        this.data = data;
        this.pos = from;
        this.limit = to;
        this.base = base;
    }

    byte[] data() {
        return data;
    }

    /** Position in the array (for reading bytes in place). */
    int position() {
        return pos;
    }

    int remaining() {
        return limit - pos;
    }

    boolean hasRemaining() {
        return pos < limit;
    }

    void require(final int n, final String what) {
        if (n < 0 || limit - pos < n) {
            throw new MrtDecodeException(what + " needs " + n + " bytes, " + (limit - pos) + " left", pos - base);
        }
    }

    /** Like {@link #require(int, String)}, the message naming {@code what} and a number (built only on failure). */
    void require(final int n, final int number, final String what) {
        if (n < 0 || limit - pos < n) {
            throw new MrtDecodeException(what + " " + number + " needs " + n + " bytes, " + (limit - pos) + " left",
                    pos - base);
        }
    }

    int u8(final String what) {
        require(1, what);
        return data[pos++] & 0xff;
    }

    int u16(final String what) {
        require(2, what);
        final int v = (data[pos] & 0xff) << 8 | data[pos + 1] & 0xff;
        pos += 2;
        return v;
    }

    long u32(final String what) {
        require(4, what);
        final long v = ((long) (data[pos] & 0xff) << 24) | (data[pos + 1] & 0xff) << 16 | (data[pos + 2] & 0xff) << 8
                | data[pos + 3] & 0xff;
        pos += 4;
        return v;
    }

    void skip(final int n, final String what) {
        require(n, what);
        pos += n;
    }

    /** A cursor over the next n bytes (this one moves past them). */
    ByteCursor slice(final int n, final String what) {
        require(n, what);
        final ByteCursor slice = new ByteCursor(data, pos, pos + n, base);
        pos += n;
        return slice;
    }

    /** An independent cursor over the same remaining bytes. */
    ByteCursor duplicate() {
        return new ByteCursor(data, pos, limit, base);
    }

    /** An address of n bytes (4 or 16) as text. */
    String address(final int n, final String what) {
        require(n, what);
        final String text = n == 4 ? IpText.ipv4(data, pos) : IpText.ipv6(data, pos);
        pos += n;
        return text;
    }

    MrtDecodeException error(final String message) {
        return new MrtDecodeException(message, pos - base);
    }
}
