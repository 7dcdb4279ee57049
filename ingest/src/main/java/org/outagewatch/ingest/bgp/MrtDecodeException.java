package org.outagewatch.ingest.bgp;

/** A record body that does not hold what its type says; {@link #position()} is the offset inside the body. */
final class MrtDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int position;

    MrtDecodeException(final String message, final int position) {
        super(message);
        this.position = position;
    }

    int position() {
        return position;
    }
}
