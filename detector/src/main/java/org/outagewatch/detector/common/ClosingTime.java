package org.outagewatch.detector.common;

import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The wall-clock time at which a signal point's window was closed: stage 1 (and the country rollup) stamp it on the
 * points they emit, in the {@value #HEADER} header, when the record that closes the window is processed; stage 2
 * measures from it the alert latency (closing record to alert sent) in its {@code alert-latency} metric. A header,
 * not a field: it is about this run, not about the data, and a replay gives the same values with other headers.
 */
public final class ClosingTime {
    public static final String HEADER = "outagewatch-closed-at";

    private ClosingTime() {
    }

    /** Headers saying the window closed now. */
    public static Headers now() {
        return new RecordHeaders().add(HEADER, ByteBuffer.allocate(Long.BYTES).putLong(System.currentTimeMillis()).array());
    }

    /** Milliseconds from the closing stamped in {@code headers} until now, or -1 when there is none. */
    public static long millisSince(final Headers headers) {
        final Header header = headers == null ? null : headers.lastHeader(HEADER);
        if (header == null || header.value() == null || header.value().length != Long.BYTES) {
            return -1;
        }
        return Math.max(0, System.currentTimeMillis() - ByteBuffer.wrap(header.value()).getLong());
    }
}
