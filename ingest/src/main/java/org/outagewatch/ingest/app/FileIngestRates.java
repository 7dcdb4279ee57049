package org.outagewatch.ingest.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.outagewatch.ingest.asn.AsnNamesParser;
import org.outagewatch.ingest.asn.PrefixTable;
import org.outagewatch.ingest.asn.PrefixTableLoader;
import org.outagewatch.ingest.atlas.AtlasParser;
import org.outagewatch.ingest.atlas.ProbeDirectory;
import org.outagewatch.ingest.ooni.OoniFingerprints;
import org.outagewatch.ingest.ooni.OoniParser;
import org.outagewatch.ingest.replay.EventTimeMerger;
import org.outagewatch.ingest.replay.ReplayPacer;
import org.outagewatch.ingest.replay.ReplaySource;
import org.outagewatch.ingest.series.SeriesParser;
import org.outagewatch.ingest.series.TabularPipeline;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.JsonPipeline;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.RecordSink;
import org.outagewatch.ingest.traffic.FlowAggregator;
import org.outagewatch.ingest.traffic.TrafficCounterParser;

/**
 * Prints records per second per adapter on the real files under a data folder (../shared/data) and the
 * prefix-to-ASN lookup rate (random IPv4 addresses over the full pyasn table). Parsing only: no Kafka, no
 * serialization. Run by {@code ingest/bench/ingest-rates.sh}; a measurement, not a test.
 */
public final class FileIngestRates {
    private static final int ROUNDS = 5;
    private static final int LOOKUPS = 20_000_000;
    /** Generated traffic counter rows and flow records: 500,000 each. */
    private static final int GENERATED = 500_000;

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

        final Path ooniDir = data.resolve("ooni/backend-fastpath-fixtures");
        final List<Path> ooniFiles;
        try (Stream<Path> files = Files.list(ooniDir)) {
            ooniFiles = files.filter(Files::isRegularFile).sorted().toList();
        }
        final JsonPipeline ooni = new JsonPipeline(new JsonFileReader(), new OoniParser(OoniFingerprints.load(
                ooniDir.resolve("fingerprints_dns.json"), ooniDir.resolve("fingerprints_http.json")))::parse);
        rate("ooni (all fixtures, fingerprints)", () -> {
            final Counter counter = new Counter();
            ooniFiles.forEach(file -> ooni.read(file, counter));
            return counter;
        });

        final List<Path> nabFiles;
        try (Stream<Path> files = Files.list(data.resolve("nab/data/realKnownCause"))) {
            nabFiles = files.filter(Files::isRegularFile).sorted().toList();
        }
        final TabularPipeline series = new TabularPipeline(
                new SeriesParser(SeriesParser.DEFAULT_WINDOW, 1, "nab", "value")::parse);
        rate("series (NAB realKnownCause csv)", () -> {
            final Counter counter = new Counter();
            nabFiles.forEach(file -> series.read(file, counter));
            return counter;
        });
        rate("replay merge (NAB realKnownCause)", () -> {
            final Counter counter = new Counter();
            final List<ReplaySource> sources = nabFiles.stream()
                    .map(file -> new ReplaySource(file.toString(), sink -> series.read(file, sink))).toList();
            try {
                new EventTimeMerger(EventTimeMerger.DEFAULT_REORDER_BUFFER).merge(sources, counter, ReplayPacer.unpaced());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return counter;
        });

        final Path generated = Files.createTempDirectory("ingest-rates");
        try {
            final Path counters = generated.resolve("counters.csv");
            final Path flows = generated.resolve("goflow2.jsonl");
            writeGenerated(counters, flows);
            final TabularPipeline traffic = new TabularPipeline(new TrafficCounterParser(table, Duration.ofMinutes(5))::parse);
            rate("traffic (generated csv, prefixes)", () -> {
                final Counter counter = new Counter();
                traffic.read(counters, counter);
                return counter;
            });
            rate("flows (generated goflow2 jsonl)", () -> {
                final Counter counter = new Counter();
                final FlowAggregator aggregator = new FlowAggregator(table, Duration.ofMinutes(5), FlowAggregator.Side.BOTH);
                new TabularPipeline(aggregator::add).read(flows, counter);
                counter.records = aggregator.flowsAdded();
                aggregator.drain();
                return counter;
            });
        } finally {
            try (Stream<Path> files = Files.list(generated)) {
                for (final Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(generated);
        }

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

    /**
     * There is no real traffic or flow file in the shared data: writes {@value #GENERATED} counter rows (prefix keys)
     * and as many goflow2 v2 JSON flows (addresses without AS fields), from a seeded random source.
     */
    private static void writeGenerated(final Path counters, final Path flows) throws IOException {
        final SplittableRandom random = new SplittableRandom(11);
        final long t0 = 1_710_072_000L;
        try (BufferedWriter csv = Files.newBufferedWriter(counters); BufferedWriter json = Files.newBufferedWriter(flows)) {
            csv.write("timestamp,key,bytes,packets,flows\n");
            for (int i = 0; i < GENERATED; i++) {
                final String prefix = (1 + random.nextInt(222)) + "." + random.nextInt(256) + "." + random.nextInt(256) + ".0/24";
                csv.write((t0 + 300L * (i / 1000)) + "," + prefix + "," + random.nextInt(1 << 30) + ","
                        + random.nextInt(1 << 20) + "," + random.nextInt(1000) + "\n");
                final long start = (t0 + i / 100) * 1_000_000_000L;
                json.write("{\"type\":\"IPFIX\",\"time_received_ns\":" + (start + 1_000_000_000L)
                        + ",\"sampling_rate\":0,\"time_flow_start_ns\":" + start + ",\"bytes\":" + random.nextInt(1 << 20)
                        + ",\"packets\":" + random.nextInt(1000) + ",\"src_addr\":\"" + address(random)
                        + "\",\"dst_addr\":\"" + address(random) + "\",\"proto\":\"TCP\",\"src_as\":0,\"dst_as\":0}\n");
            }
        }
    }

    private static String address(final SplittableRandom random) {
        return (1 + random.nextInt(222)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
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
