package org.outagewatch.ingest.replay;

import java.util.Objects;
import java.util.function.Consumer;
import org.outagewatch.ingest.source.RecordSink;

/**
 * One archived file to replay: its name and how to read it, pushing its events and rejections into a
 * {@link RecordSink} in file order (any adapter: Atlas, OONI, traffic, flows, series).
 */
public record ReplaySource(String name, Consumer<RecordSink> reader) {
    public ReplaySource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reader, "reader");
    }
}
