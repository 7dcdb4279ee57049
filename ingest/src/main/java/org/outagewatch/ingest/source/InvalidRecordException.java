package org.outagewatch.ingest.source;

/**
 * Thrown by the field readers of {@link Fields} when a value is missing, of the wrong type or absurd; a
 * {@link JsonPipeline} turns it into a dead letter with its message as the reason.
 */
public final class InvalidRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(final String message) {
        super(message);
    }
}
