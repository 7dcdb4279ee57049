package org.outagewatch.ingest.asn;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.RecordSink;
import org.outagewatch.ingest.source.SourceItem;
import org.outagewatch.schemas.AsnInfo;

/**
 * ASN metadata files, told apart by content: pyasn's AS-names JSON ({@code asnames.json[.gz]}, one JSON object)
 * or iptoasn.com's ip2asn TSV (tab-separated rows). Every record goes to the sink as {@link AsnInfo} keyed
 * {@code AS<asn>}, every unusable entry as a rejection with its origin. Record time = the file's modification time.
 */
public final class AsnMetadataFiles {
    private AsnMetadataFiles() {
    }

    /** Reads one file into the sink. */
    public static void read(final Path file, final RecordSink sink) throws IOException {
        final JsonFileReader reader = new JsonFileReader(Integer.MAX_VALUE - 16);
        final Instant asOf = Files.getLastModifiedTime(file).toInstant();
        if (reader.layout(file) == JsonFileReader.Layout.DOCUMENT
                || reader.layout(file) == JsonFileReader.Layout.LINES && firstIsObject(reader, file)) {
            reader.read(file, item -> {
                if (item instanceof SourceItem.Value value) {
                    final AsnNamesParser.Result result = AsnNamesParser.parse(value.node(), asOf);
                    result.records().forEach(sink::accept);
                    for (final String reason : result.rejected()) {
                        sink.reject(item.origin(), reason, null, new byte[0]);
                    }
                } else {
                    final SourceItem.Bad bad = (SourceItem.Bad) item;
                    sink.reject(bad.origin(), bad.reason(), bad.error(), bad.payload());
                }
            });
        } else {
            Ip2AsnMetadataReader.read(file, asOf, sink);
        }
    }

    /** The metadata of the files, for code that needs it in memory (the backtest); rejections are counted. */
    public static Loaded load(final List<Path> files) throws IOException {
        final List<AsnInfo> infos = new ArrayList<>();
        final List<String> rejected = new ArrayList<>();
        final RecordSink sink = new RecordSink() {
            @Override
            public void accept(final Keyed record) {
                infos.add((AsnInfo) record.value());
            }

            @Override
            public void reject(final Origin origin, final String reason, final Throwable error, final byte[] payload) {
                rejected.add(origin + ": " + reason);
            }
        };
        for (final Path file : files) {
            read(file, sink);
        }
        return new Loaded(infos, rejected);
    }

    /** ASN metadata read into memory, and the entries that could not be used. */
    public record Loaded(List<AsnInfo> infos, List<String> rejected) {
    }

    private static boolean firstIsObject(final JsonFileReader reader, final Path file) {
        final boolean[] object = new boolean[1];
        final boolean[] seen = new boolean[1];
        reader.read(file, item -> {
            if (!seen[0]) {
                seen[0] = true;
                object[0] = item instanceof SourceItem.Value value && value.node().isObject();
            }
        });
        return object[0];
    }
}
