package org.outagewatch.ingest.bgp;

import java.io.IOException;

/**
 * MRT input that cannot be read: a truncated or corrupt file, or one record that cannot be decoded. The message
 * names the byte offset in the decompressed stream. {@link #recoverable()} tells whether the framing is intact,
 * so that the reader can go on with the next record (a bad record), or not (a truncated or corrupt stream).
 */
public final class MrtFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final boolean recoverable;

    public MrtFormatException(final String message, final long offset, final boolean recoverable, final Throwable cause) {
        super(message + " at byte offset " + offset, cause);
        this.offset = offset;
        this.recoverable = recoverable;
    }

    public MrtFormatException(final String message, final long offset, final boolean recoverable) {
        this(message, offset, recoverable, null);
    }

    /** The offset of the problem in the decompressed stream. */
    public long offset() {
        return offset;
    }

    /** True when only one record was bad and reading can go on. */
    public boolean recoverable() {
        return recoverable;
    }
}
