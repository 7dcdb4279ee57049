package org.outagewatch.detector.common;

import org.apache.kafka.common.errors.SerializationException;

/**
 * An input record the detector refuses (null, too large, implausible), thrown by {@link CheckedDeserializer} so that
 * Streams hands it to {@link DeadLetterHandler} like a record that is not Avro at all.
 */
public final class PoisonRecordException extends SerializationException {
    private static final long serialVersionUID = 1L;

    public PoisonRecordException(final String message) {
        super(message);
    }
}
