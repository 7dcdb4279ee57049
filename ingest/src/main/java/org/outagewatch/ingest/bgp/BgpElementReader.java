package org.outagewatch.ingest.bgp;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Streams the {@link BgpElement}s of an MRT file record by record ({@link MrtReader} then {@link MrtDecoder}), in
 * constant memory. A bad record throws a recoverable {@link MrtFormatException} and reading can go on; a truncated
 * or corrupt stream throws a non-recoverable one after every element before it was delivered.
 */
public final class BgpElementReader implements Closeable {
    private final MrtReader reader;
    private final MrtDecoder decoder = new MrtDecoder();
    private MrtRecord lastRecord;
    private long records;
    private long elements;

    public BgpElementReader(final MrtReader reader) {
        this.reader = reader;
    }

    /** Opens an MRT file, gzip, bzip2 or uncompressed. */
    public static BgpElementReader open(final Path file) throws IOException {
        return new BgpElementReader(MrtReader.open(file));
    }

    /**
     * Reads the next record and hands its elements to the sink.
     *
     * @return false at the end of the stream
     * @throws MrtFormatException see {@link MrtFormatException#recoverable()}
     */
    public boolean next(final Consumer<BgpElement> sink) throws IOException {
        final MrtRecord record = reader.next();
        if (record == null) {
            return false;
        }
        lastRecord = record;
        records++;
        elements += decoder.decode(record, sink);
        return true;
    }

    /**
     * Reads every element into the sink, stopping at the first error.
     *
     * @return the number of elements
     */
    public long readAll(final Consumer<BgpElement> sink) throws IOException {
        final long before = elements;
        while (next(sink)) {
            // the sink took the elements
        }
        return elements - before;
    }

    /** The record read last (the one at fault after an exception), or null. */
    public MrtRecord lastRecord() {
        return lastRecord;
    }

    public long records() {
        return records;
    }

    public long elements() {
        return elements;
    }

    /** Records that carry no element (unsupported types and subtypes). */
    public long skippedRecords() {
        return decoder.skippedRecords();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
