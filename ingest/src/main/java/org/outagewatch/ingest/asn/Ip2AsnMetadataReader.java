package org.outagewatch.ingest.asn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.LineReader;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.RecordSink;
import org.outagewatch.schemas.AsnInfo;

/**
 * iptoasn.com's ip2asn TSV ({@code range_start<TAB>range_end<TAB>ASN<TAB>CC<TAB>description}, plain or gzip) to
 * {@link AsnInfo} keyed {@code AS<asn>}: one record per ASN, at its first row (the ASN recurs on every one of its
 * ranges). Rows of ASN 0 ("Not routed") carry no AS and are skipped; malformed rows are rejected with the reason.
 * A country of {@code None} or {@code ZZ} is null.
 */
public final class Ip2AsnMetadataReader {
    public static final String SOURCE = "ip2asn";

    /** Rows read, records made, and unrouted rows skipped. */
    public record Counts(long rows, long records, long notRouted) {
    }

    private Ip2AsnMetadataReader() {
    }

    /** Reads the file into the sink; {@code asOf} is the records' event time (the file's date). */
    public static Counts read(final Path file, final Instant asOf, final RecordSink sink) {
        final Set<Long> seen = new HashSet<>();
        long rows = 0;
        long records = 0;
        long notRouted = 0;
        try (InputStream in = JsonFileReader.open(file)) {
            final LineReader reader = new LineReader(in, 1 << 16);
            LineReader.Line line;
            while ((line = reader.next()) != null) {
                final Origin origin = Origin.line(file.toString(), line.number());
                if (line instanceof LineReader.Line.Broken broken) {
                    sink.reject(origin, "Truncated or unreadable file: " + broken.error().getMessage(), broken.error(),
                            broken.head());
                    break;
                }
                if (line instanceof LineReader.Line.Oversized big) {
                    sink.reject(origin, "Line of " + big.length() + " bytes is too long for an ip2asn row", null, big.head());
                    continue;
                }
                final byte[] bytes = ((LineReader.Line.Text) line).bytes();
                final String text = new String(bytes, StandardCharsets.UTF_8);
                if (text.isBlank()) {
                    continue;
                }
                rows++;
                final String[] fields = text.split("\t", -1);
                if (fields.length < 5) {
                    sink.reject(origin, "An ip2asn row has 5 tab-separated fields, this one " + fields.length, null, bytes);
                    continue;
                }
                final long asn;
                try {
                    asn = Long.parseLong(fields[2].strip());
                } catch (NumberFormatException e) {
                    sink.reject(origin, "ASN '" + fields[2] + "' is not a number", null, bytes);
                    continue;
                }
                if (asn == 0) {
                    notRouted++;
                    continue;
                }
                if (asn < 0 || asn > 0xffffffffL) {
                    sink.reject(origin, "ASN " + asn + " is out of range", null, bytes);
                    continue;
                }
                if (!seen.add(asn)) {
                    continue;
                }
                final String cc = fields[3].strip();
                final String country = cc.length() == 2 && !"ZZ".equals(cc) ? cc : null;
                final String name = fields[4].strip().isEmpty() ? "AS" + asn : fields[4].strip();
                sink.accept(new Keyed("AS" + asn, new AsnInfo(asn, name, country, null, SOURCE), asOf));
                records++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return new Counts(rows, records, notRouted);
    }
}
