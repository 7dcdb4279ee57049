package org.outagewatch.detector.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Labelled outages: every entity the labels name (an empty list means "no outage here", and still counts for
 * false alerts) and their windows. Read from one JSON object, entity id to a list of {@code [start, end]} pairs:
 * our {@code --labels} files (ISO-8601) and NAB's {@code combined_windows.json} (zone-less UTC date-times,
 * entity = the data file's name, such as {@code realKnownCause/nyc_taxi.csv}).
 */
public record Labels(Set<String> entities, List<LabelWindow> windows) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Labels {
        entities = Set.copyOf(new LinkedHashSet<>(entities));
        windows = List.copyOf(windows);
    }

    /** Reads a labels file; a file that is not such an object gives an {@link IllegalArgumentException}. */
    public static Labels read(final Path file) {
        final JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read labels " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("Labels " + file + " must be a JSON object of entity -> [[start, end], ...]");
        }
        return parse(root, file.toString());
    }

    /** Parses a labels object (entity -> list of [start, end]). */
    public static Labels parse(final JsonNode root, final String origin) {
        final Set<String> entities = new LinkedHashSet<>();
        final List<LabelWindow> windows = new ArrayList<>();
        final Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            final Map.Entry<String, JsonNode> field = fields.next();
            entities.add(field.getKey());
            if (!field.getValue().isArray()) {
                throw new IllegalArgumentException("Labels " + origin + ": " + field.getKey() + " must map to a list of [start, end]");
            }
            for (final JsonNode pair : field.getValue()) {
                if (!pair.isArray() || pair.size() != 2) {
                    throw new IllegalArgumentException("Labels " + origin + ": " + field.getKey() + " has a window that is not [start, end]: " + pair);
                }
                windows.add(new LabelWindow(field.getKey(), Timestamps.parse(pair.get(0).asText()),
                        Timestamps.parse(pair.get(1).asText())));
            }
        }
        return new Labels(entities, windows);
    }

    /** Only the entities (and their windows) that {@code keep} names. */
    public Labels restrictedTo(final Set<String> keep) {
        final Set<String> kept = new LinkedHashSet<>(entities);
        kept.retainAll(keep);
        return new Labels(kept, windows.stream().filter(w -> keep.contains(w.entity())).toList());
    }

    /** The windows of one entity. */
    public List<LabelWindow> of(final String entity) {
        return windows.stream().filter(w -> w.entity().equals(entity)).toList();
    }
}
