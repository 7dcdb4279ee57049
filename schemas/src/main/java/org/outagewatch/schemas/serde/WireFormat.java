package org.outagewatch.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/** Confluent's wire format: magic byte 0, a 4-byte big-endian schema id, then the Avro binary body. */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The schema id in the header; fails clearly on data that is not in the wire format. */
    public static int schemaId(final byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("Not Confluent wire format: " + data.length + " bytes, shorter than the 5-byte header");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException("Not Confluent wire format: unknown magic byte " + data[0] + " (expected 0)");
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }

    /** The subject of a topic's key or value schema (Confluent's TopicNameStrategy). */
    public static String subject(final String topic, final boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    /**
     * The subject of one record type on a topic that carries several (Confluent's TopicRecordNameStrategy):
     * {@code <topic>-<record full name>}, for example {@code probe-results-org.outagewatch.schemas.ProbeResultBatch}.
     */
    public static String recordSubject(final String topic, final String recordFullName) {
        return topic + "-" + recordFullName;
    }
}
