package org.outagewatch.deploy.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.TrafficSample;

/**
 * Raw event files for {@code outagewatch backtest --events}: JSON lines, one event per line,
 * {@code {"type":"probe","value":{...}}} or {@code {"type":"traffic","value":{...}}}, the value in Avro's JSON
 * encoding of {@link ProbeResult} or {@link TrafficSample} (so a nullable field reads {@code {"long": 64512}}).
 * {@link #write} dumps the events of a synthetic scenario in this form ({@code --events-out}). A malformed line
 * is an {@link IllegalArgumentException} naming file and line.
 */
public final class EventsFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PROBE = "probe";
    static final String TRAFFIC = "traffic";

    private EventsFile() {
    }

    /** Every event of a file, in file order. */
    public static List<BacktestRecord> read(final Path file) {
        final SpecificDatumReader<ProbeResult> probes = new SpecificDatumReader<>(ProbeResult.class);
        final SpecificDatumReader<TrafficSample> traffic = new SpecificDatumReader<>(TrafficSample.class);
        final List<BacktestRecord> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    final JsonNode node = JSON.readTree(line);
                    final String type = node.path("type").asText();
                    final String value = JSON.writeValueAsString(node.path("value"));
                    if (PROBE.equals(type)) {
                        out.add(new BacktestRecord.Probe(probes.read(null,
                                DecoderFactory.get().jsonDecoder(ProbeResult.getClassSchema(), value))));
                    } else if (TRAFFIC.equals(type)) {
                        out.add(new BacktestRecord.Traffic(traffic.read(null,
                                DecoderFactory.get().jsonDecoder(TrafficSample.getClassSchema(), value))));
                    } else {
                        throw new IllegalArgumentException("type must be \"" + PROBE + "\" or \"" + TRAFFIC + "\", not \"" + type + "\"");
                    }
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException(file + ":" + number + ": not an event line (" + e.getMessage() + ")", e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read events " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Writes events as JSON lines (points of series are not raw events and are refused). */
    public static void write(final Iterable<? extends BacktestRecord> events, final Path file) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (final BacktestRecord event : events) {
                out.write(line(event));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write events to " + file + ": " + e.getMessage(), e);
        }
    }

    static String line(final BacktestRecord event) throws IOException {
        if (event instanceof BacktestRecord.Probe p) {
            return "{\"type\":\"" + PROBE + "\",\"value\":" + avroJson(p.value(), ProbeResult.getClassSchema()) + "}";
        }
        if (event instanceof BacktestRecord.Traffic t) {
            return "{\"type\":\"" + TRAFFIC + "\",\"value\":" + avroJson(t.value(), TrafficSample.getClassSchema()) + "}";
        }
        throw new IllegalArgumentException("Only probe results and traffic samples are raw events, not " + event);
    }

    private static <T extends SpecificRecord> String avroJson(final T value, final Schema schema) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, bytes);
        new SpecificDatumWriter<T>(schema).write(value, encoder);
        encoder.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
