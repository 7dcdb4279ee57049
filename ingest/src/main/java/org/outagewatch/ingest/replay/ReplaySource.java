package org.outagewatch.ingest.replay;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.outagewatch.ingest.source.RecordSink;

/**
 * One archived file to replay: its name and how to read it, pushing its events and rejections into a
 * {@link RecordSink} in file order (any adapter: Atlas, OONI, MRT, traffic, flows, series); for progress, its size
 * in bytes as stored and a counter of the bytes read so far (0 and a zero counter when not measured).
 */
public record ReplaySource(String name, Consumer<RecordSink> reader, long size, LongSupplier bytesRead) {
    public ReplaySource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(bytesRead, "bytesRead");
    }

    /** A source whose bytes are not measured. */
    public ReplaySource(final String name, final Consumer<RecordSink> reader) {
        this(name, reader, 0, () -> 0L);
    }
}
