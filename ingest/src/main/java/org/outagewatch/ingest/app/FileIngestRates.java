package org.outagewatch.ingest.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.outagewatch.ingest.asn.AsnNamesParser;
import org.outagewatch.ingest.asn.PrefixTable;
import org.outagewatch.ingest.asn.PrefixTableLoader;
import org.outagewatch.ingest.atlas.AtlasParser;
import org.outagewatch.ingest.atlas.ProbeDirectory;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.JsonPipeline;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.RecordSink;

/**
 * Prints records per second per adapter on the real files under a data folder (../shared/data) and the
 * prefix-to-ASN lookup rate (random IPv4 addresses over the full pyasn table). Parsing only: no Kafka, no
 * serialization. Run by {@code ingest/bench/ingest-rates.sh}; a measurement, not a test.
 */
public final class FileIngestRates {
    private static final int ROUNDS = 5;
    private static final int LOOKUPS = 20_000_000;

    private FileIngestRates() {
    }

    /** Counts what a pipeline produces. */
    private static final class Counter implements RecordSink {
        long records;
        long rejected;

        @Override
        public void accept(final Keyed record) {
            records++;
        }

        @Override
        public void reject(final Origin origin, final String reason, final Throwable error, final byte[] payload) {
            rejected++;
        }
    }

    public static void main(final String[] args) throws IOException {
        final Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        final Path pyasn = data.resolve("asn-mapping/pyasn_ipasn_20140513.dat.gz");
        long start = System.nanoTime();
        final PrefixTable table = PrefixTableLoader.load(pyasn).table();
        System.out.printf(Locale.ROOT, "%-34s %,10d prefixes in %.2f s (%,d disjoint intervals)%n", "prefix table (pyasn)",
                table.ipv4Prefixes(), (System.nanoTime() - start) / 1e9, table.ipv4Intervals());

        final List<Path> atlasFiles;
        try (Stream<Path> files = Files.walk(data.resolve("ripe-atlas"))) {
            atlasFiles = files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".txt")).sorted().toList();
        }
        final JsonPipeline atlas = new JsonPipeline(new JsonFileReader(), new AtlasParser(ProbeDirectory.empty(), table)::parse);
        rate("atlas (all real files)", () -> {
            final Counter counter = new Counter();
            atlasFiles.forEach(file -> atlas.read(file, counter));
            return counter;
        });

        final ObjectMapper mapper = new ObjectMapper();
        rate("asn names (pyasn)", () -> {
            final Counter counter = new Counter();
            try (InputStream in = JsonFileReader.open(data.resolve("asn-mapping/pyasn_asnames.json.gz"))) {
                counter.records = AsnNamesParser.parse(mapper.readTree(in), Instant.EPOCH).records().size();
            }
            return counter;
        });

        final SplittableRandom random = new SplittableRandom(7);
        final long[] addresses = new long[1 << 20];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = random.nextLong() & 0xffffffffL;
        }
        for (int round = 0; round < ROUNDS; round++) {
            long hits = 0;
            start = System.nanoTime();
            for (int i = 0; i < LOOKUPS; i++) {
                if (table.lookupIpv4(addresses[i & (addresses.length - 1)]) != PrefixTable.NO_ASN) {
                    hits++;
                }
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%-34s %,14.0f lookups/s (round %d, %.0f%% matched)%n", "prefix lookup (IPv4, LPM)",
                    LOOKUPS / seconds, round + 1, 100.0 * hits / LOOKUPS);
        }
    }

    /** A measured unit of work. */
    private interface Work {
        Counter run() throws IOException;
    }

    private static void rate(final String label, final Work work) throws IOException {
        for (int round = 0; round < ROUNDS; round++) {
            final long start = System.nanoTime();
            final Counter counter = work.run();
            final double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%-34s %,14.0f records/s (round %d: %,d records, %,d rejected)%n", label,
                    (counter.records + counter.rejected) / seconds, round + 1, counter.records, counter.rejected);
        }
    }
}
