package org.outagewatch.deploy.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.ingest.asn.PrefixTable;
import org.outagewatch.ingest.atlas.AtlasParser;
import org.outagewatch.ingest.atlas.ProbeDirectory;
import org.outagewatch.ingest.ooni.OoniFingerprints;
import org.outagewatch.ingest.ooni.OoniParser;
import org.outagewatch.ingest.series.TabularPipeline;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.JsonPipeline;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.RecordSink;
import org.outagewatch.ingest.traffic.FlowAggregator;
import org.outagewatch.ingest.traffic.TrafficCounterParser;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.TrafficSample;

/**
 * Reads raw event files for {@code outagewatch backtest --events} through the ingest parsers ({@link AtlasParser},
 * {@link OoniParser}, {@link TrafficCounterParser}, {@link FlowAggregator}) or the dump ({@link EventsFile}), and
 * turns their {@link ProbeResult}s, {@link TrafficSample}s and {@link ConnectionEvent}s (RIPE Atlas msm 7000) into
 * {@link BacktestRecord}s. Rejected input is counted with its first reasons; parsed events that are no backtest input
 * are counted by type.
 * One reader per run; not thread-safe.
 */
public final class RawEventReader {
    /** How many rejection reasons a run keeps to show. */
    public static final int REASONS_KEPT = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProbeDirectory probes;
    private final PrefixTable table;
    private final OoniFingerprints fingerprints;
    private final Duration interval;
    private final FlowAggregator.Side side;
    private final List<BacktestRecord> records = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private final Map<String, Long> other = new TreeMap<>();
    private long rejected;

    /**
     * @param probes RIPE Atlas probe metadata ({@code --probes})
     * @param table the prefix-to-ASN table ({@code --prefix-table}) for Atlas targets, traffic prefixes and flows
     * @param fingerprints OONI's fingerprints ({@code --fingerprints})
     * @param interval the traffic interval of rows without one, and the flow aggregation interval
     * @param side which ASNs of a flow count it
     */
    public RawEventReader(final ProbeDirectory probes, final PrefixTable table, final OoniFingerprints fingerprints,
                          final Duration interval, final FlowAggregator.Side side) {
        this.probes = probes;
        this.table = table;
        this.fingerprints = fingerprints;
        this.interval = interval;
        this.side = side;
    }

    /** Reads one file in the given format ({@link RawFormat#AUTO} takes the dump or fails asking for a format). */
    public void read(final Path file, final RawFormat format) {
        final RawFormat actual = format == RawFormat.AUTO ? detect(file) : format;
        final RecordSink sink = new Collector();
        switch (actual) {
            case DUMP -> records.addAll(EventsFile.read(file));
            case ATLAS -> new JsonPipeline(new JsonFileReader(), new AtlasParser(probes, table)::parse).read(file, sink);
            case OONI -> new JsonPipeline(new JsonFileReader(), new OoniParser(fingerprints)::parse).read(file, sink);
            case TRAFFIC -> new TabularPipeline(new TrafficCounterParser(table, interval)::parse).read(file, sink);
            case FLOWS -> {
                final FlowAggregator aggregator = new FlowAggregator(table, interval, side);
                new TabularPipeline(aggregator::add).read(file, sink);
                aggregator.drain().forEach(sink::accept);
            }
            case AUTO -> throw new IllegalStateException("AUTO is resolved above");
        }
    }

    /** Everything read so far. */
    public RawEvents result() {
        return new RawEvents(records, rejected, reasons, other);
    }

    /** The dump when the file's first non-blank line is a dump line; otherwise an error asking for --format. */
    static RawFormat detect(final Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    return isDumpLine(line) ? RawFormat.DUMP : unknown(file);
                }
            }
            return unknown(file);
        } catch (CharacterCodingException e) {
            return unknown(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read events " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isDumpLine(final String line) {
        try {
            final JsonNode node = JSON.readTree(line);
            final String type = node.path("type").asText();
            return node.isObject() && node.path("value").isObject()
                    && (EventsFile.PROBE.equals(type) || EventsFile.TRAFFIC.equals(type));
        } catch (IOException e) {
            return false;
        }
    }

    private static RawFormat unknown(final Path file) {
        throw new IllegalArgumentException(file + " is not an events dump ({\"type\":\"probe\"|\"traffic\",\"value\":...} "
                + "lines): give its format with --format " + RawFormat.choices().replace("auto|", ""));
    }

    /** Collects the parsers' output. */
    private final class Collector implements RecordSink {
        @Override
        public void accept(final Keyed record) {
            if (record.value() instanceof ProbeResult probe) {
                records.add(new BacktestRecord.Probe(probe));
            } else if (record.value() instanceof TrafficSample sample) {
                records.add(new BacktestRecord.Traffic(sample));
            } else if (record.value() instanceof ConnectionEvent connection) {
                records.add(new BacktestRecord.Connection(connection));
            } else {
                other.merge(record.value().getSchema().getName(), 1L, Long::sum);
            }
        }

        @Override
        public void reject(final Origin origin, final String reason, final Throwable error, final byte[] payload) {
            rejected++;
            if (reasons.size() < REASONS_KEPT) {
                reasons.add(origin + ": " + reason);
            }
        }
    }
}
