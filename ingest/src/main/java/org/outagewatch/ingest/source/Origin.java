package org.outagewatch.ingest.source;

import java.util.Objects;

/**
 * Where a piece of input came from: a file and a 1-based line ({@code file:line}), or a Kafka record
 * ({@code topic/partition@offset}), or any other named place. {@link #toString()} is the dead-letter origin.
 */
public record Origin(String source, long position, boolean kafka, int partition) {
    public Origin {
        Objects.requireNonNull(source, "source");
    }

    /** A line of a file (1-based). */
    public static Origin line(final String file, final long line) {
        return new Origin(file, line, false, -1);
    }

    /** A byte offset in a binary file ({@code file@offset}, such as an MRT record). */
    public static Origin byteOffset(final String file, final long offset) {
        return new Origin(file + "@" + offset, -1, false, -1);
    }

    /** A record of a Kafka topic. */
    public static Origin record(final String topic, final int partition, final long offset) {
        return new Origin(topic, offset, true, partition);
    }

    @Override
    public String toString() {
        return kafka ? source + "/" + partition + "@" + position : position < 0 ? source : source + ":" + position;
    }
}
