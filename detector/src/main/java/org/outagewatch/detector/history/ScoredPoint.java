package org.outagewatch.detector.history;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One scored point of a series as the API shows it: the observed value of a window, the value the baseline expected
 * there (NaN while the model knows nothing about that hour), its band, and how many observations it had.
 *
 * @param windowStart start of the window, epoch millis
 * @param windowEnd   end of the window, epoch millis
 * @param observed    the signal point's value
 * @param expected    the baseline's expectation at the window's midpoint, before it learned from this point
 * @param low         lower edge of the normal band (expected x learn-low): below it a value is not learned
 * @param high        upper edge of the normal band (expected x learn-high)
 * @param alertBelow  the alert threshold (expected x warning-ratio)
 * @param coverage    observations behind the value
 */
public record ScoredPoint(long windowStart, long windowEnd, double observed, double expected, double low, double high,
                          double alertBelow, long coverage) {
    /** Encoded size in bytes. */
    public static final int SIZE = 8 * Long.BYTES;

    public byte[] toBytes() {
        return ByteBuffer.allocate(SIZE).putLong(windowStart).putLong(windowEnd).putDouble(observed).putDouble(expected)
                .putDouble(low).putDouble(high).putDouble(alertBelow).putLong(coverage).array();
    }

    public static ScoredPoint fromBytes(final byte[] bytes) {
        if (bytes == null || bytes.length != SIZE) {
            throw new IllegalArgumentException("A scored point is " + SIZE + " bytes, not "
                    + (bytes == null ? "null" : bytes.length));
        }
        final ByteBuffer b = ByteBuffer.wrap(bytes);
        return new ScoredPoint(b.getLong(), b.getLong(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(),
                b.getDouble(), b.getLong());
    }

    /** The store's value serde. */
    public static Serde<ScoredPoint> serde() {
        final Serializer<ScoredPoint> serializer = (topic, point) -> point == null ? null : point.toBytes();
        final Deserializer<ScoredPoint> deserializer = (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
