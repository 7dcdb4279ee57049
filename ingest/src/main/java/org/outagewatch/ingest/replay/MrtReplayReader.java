package org.outagewatch.ingest.replay;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.outagewatch.ingest.bgp.BgpElementReader;
import org.outagewatch.ingest.bgp.MrtFormatException;
import org.outagewatch.ingest.bgp.MrtReader;
import org.outagewatch.ingest.bgp.MrtRecord;
import org.outagewatch.ingest.bgp.RouteUpdates;
import org.outagewatch.ingest.source.CountingInputStream;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.RecordSink;
import org.outagewatch.schemas.RouteUpdate;

/**
 * Reads an MRT file (RIS or RouteViews updates or a RIB dump; gzip, bzip2 or plain) for a replay: every element as a
 * {@link RouteUpdate} keyed by prefix at its observation time, as {@code ingest bgp publish} makes them; a corrupt
 * record is rejected with its byte offset ({@code file@offset}) and reading goes on when the record's length was
 * sound. The bytes read from disk are added to a counter, for progress.
 */
public final class MrtReplayReader {
    private static final int BUFFER = 64 * 1024;

    private final String collector;
    private final AtomicLong bytesRead;

    /**
     * @param collector the route collector the files come from (such as {@code rrc00})
     * @param bytesRead where the bytes read are counted
     */
    public MrtReplayReader(final String collector, final AtomicLong bytesRead) {
        this.collector = Objects.requireNonNull(collector, "collector");
        this.bytesRead = Objects.requireNonNull(bytesRead, "bytesRead");
    }

    /** Reads the whole file into the sink. */
    public void read(final Path file, final RecordSink sink) {
        final String name = file.toString();
        try (BgpElementReader reader = new BgpElementReader(new MrtReader(MrtReader.decompressed(
                new BufferedInputStream(new CountingInputStream(Files.newInputStream(file), bytesRead), BUFFER))))) {
            boolean more = true;
            while (more) {
                try {
                    more = reader.next(element -> {
                        final RouteUpdate update = RouteUpdates.from(element, collector);
                        if (update != null) {
                            sink.accept(new Keyed(RouteUpdates.key(update), update, update.getObservedAt()));
                        }
                    });
                } catch (MrtFormatException e) {
                    final MrtRecord record = reader.lastRecord();
                    sink.reject(Origin.byteOffset(name, e.offset()), e.getMessage(), e,
                            e.recoverable() && record != null ? Arrays.copyOf(record.body(), record.body().length)
                                    : new byte[0]);
                    more = e.recoverable();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
