package org.outagewatch.ingest.synthetic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the ground truth of a world: the injected outages that share an instant with [from, to).
 * <ul>
 *   <li>{@link #windowsJson}: one JSON object, entity id to a list of {@code [start, end]} ISO-8601 windows,
 *       every network of the world present (an empty list means no outage), in ASN order. This is the
 *       backtest's {@code --labels} format.</li>
 *   <li>{@link #outagesJsonLines}: one JSON object per outage and line, with the entity, ASN, country,
 *       start, end, minutes, depth and kind ({@code FULL} or {@code PARTIAL}) and the incident kind a
 *       detector should report ({@code NETWORK_OUTAGE}).</li>
 * </ul>
 * Windows are the outages as injected, not clipped to [from, to).
 */
public final class LabelsWriter {
    /** The incident kind every injected outage should be classified as. */
    public static final String INCIDENT_KIND = "NETWORK_OUTAGE";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper JSON_LINE = new ObjectMapper();

    private LabelsWriter() {
    }

    /** The labels JSON of the outages overlapping [from, to). */
    public static String windowsJson(final WorldSpec spec, final Instant from, final Instant to) {
        final Map<String, List<List<String>>> labels = new LinkedHashMap<>();
        for (final SyntheticAsn network : spec.networks()) {
            labels.put(network.entityId(), new ArrayList<>());
        }
        for (final Outage outage : spec.outages().overlapping(from, to)) {
            labels.get(outage.entityId()).add(List.of(outage.start().toString(), outage.end().toString()));
        }
        return write(JSON, labels) + "\n";
    }

    /** The JSON lines of the outages overlapping [from, to), by start. */
    public static String outagesJsonLines(final WorldSpec spec, final Instant from, final Instant to) {
        final List<SyntheticAsn> networks = spec.networks();
        final StringBuilder out = new StringBuilder();
        for (final Outage outage : spec.outages().overlapping(from, to)) {
            final SyntheticAsn network = networks.get(SyntheticAsn.indexOf(outage.asn(), spec.asnCount()));
            final Map<String, Object> line = new LinkedHashMap<>();
            line.put("entity", outage.entityId());
            line.put("asn", outage.asn());
            line.put("country", network.country().code());
            line.put("start", outage.start().toString());
            line.put("end", outage.end().toString());
            line.put("minutes", outage.duration().toMinutes());
            line.put("depth", outage.depth());
            line.put("kind", outage.kind().name());
            line.put("incidentKind", INCIDENT_KIND);
            out.append(write(JSON_LINE, line)).append('\n');
        }
        return out.toString();
    }

    /** Writes {@link #windowsJson} to a file. */
    public static void writeWindows(final WorldSpec spec, final Instant from, final Instant to, final Path file) {
        writeFile(file, windowsJson(spec, from, to));
    }

    /** Writes {@link #outagesJsonLines} to a file. */
    public static void writeOutages(final WorldSpec spec, final Instant from, final Instant to, final Path file) {
        writeFile(file, outagesJsonLines(spec, from, to));
    }

    private static String write(final ObjectMapper mapper, final Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write labels as JSON: " + e.getMessage(), e);
        }
    }

    private static void writeFile(final Path file, final String content) {
        try {
            final Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
