package org.outagewatch.ingest.asn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.LineReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a {@link PrefixTable} from the files operators have, plain or gzip:
 * <ul>
 *   <li>pyasn's IPASN dat file: {@code ;} comment lines, then {@code prefix/len<TAB>ASN};</li>
 *   <li>iptoasn.com's ip2asn TSV: {@code range_start<TAB>range_end<TAB>ASN<TAB>CC<TAB>description}
 *       (ASN 0, "Not routed", is left out).</li>
 * </ul>
 * The format is told per line by its first field (a {@code /} means a prefix). Lines that fit neither are
 * skipped, counted and logged at WARN (the first ones).
 */
public final class PrefixTableLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PrefixTableLoader.class);
    private static final int LOG_FIRST = 10;

    /** A loaded table and what loading it skipped. */
    public record Loaded(PrefixTable table, long lines, long skipped, long notRouted) {
    }

    private PrefixTableLoader() {
    }

    /** Loads one or more files into one table (later files win on equal prefixes). */
    public static Loaded load(final Path... files) {
        final PrefixTable.Builder builder = PrefixTable.builder();
        long lines = 0;
        long skipped = 0;
        long notRouted = 0;
        for (final Path file : files) {
            try (InputStream in = JsonFileReader.open(file)) {
                final LineReader reader = new LineReader(in, 1 << 16);
                LineReader.Line line;
                while ((line = reader.next()) != null) {
                    if (!(line instanceof LineReader.Line.Text text)) {
                        skipped++;
                        warn(skipped, file, line.number(), "unreadable or over-long line");
                        continue;
                    }
                    final String value = new String(text.bytes(), StandardCharsets.UTF_8);
                    if (value.isBlank() || value.startsWith(";") || value.startsWith("#")) {
                        continue;
                    }
                    lines++;
                    final String[] fields = value.split("\t");
                    try {
                        if (fields.length >= 2 && fields[0].indexOf('/') > 0) {
                            builder.addPrefix(fields[0].strip(), Long.parseLong(fields[1].strip()));
                        } else if (fields.length >= 3) {
                            final long asn = Long.parseLong(fields[2].strip());
                            final long first = Ipv4.parse(fields[0].strip());
                            final long last = Ipv4.parse(fields[1].strip());
                            if (asn == 0) {
                                notRouted++;
                            } else if (first < 0 || last < 0) {
                                skipped++;
                                warn(skipped, file, line.number(), "not an IPv4 range");
                            } else {
                                builder.addIpv4Range(first, last, asn);
                            }
                        } else {
                            skipped++;
                            warn(skipped, file, line.number(), "neither 'prefix<TAB>asn' nor an ip2asn row");
                        }
                    } catch (IllegalArgumentException e) {
                        skipped++;
                        warn(skipped, file, line.number(), e.getMessage());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read prefix table " + file + ": " + e.getMessage(), e);
            }
        }
        return new Loaded(builder.build(), lines, skipped, notRouted);
    }

    private static void warn(final long count, final Path file, final long line, final String reason) {
        if (count <= LOG_FIRST) {
            LOG.warn("Skipping prefix-table line: {}. origin=[{}:{}] skipped=[{}]", reason, file, line, count);
        }
    }
}
