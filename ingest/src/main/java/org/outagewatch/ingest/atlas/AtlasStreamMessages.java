package org.outagewatch.ingest.atlas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.SourceItem;

/**
 * The messages of the RIPE Atlas streaming WebSocket: consumes each text message (a JSON array
 * {@code [type, payload]}) and produces the source items for {@link AtlasParser}: an {@code atlas_result} gives its
 * result (or, when the server buffers, each result of its array); {@code atlas_subscribed} and the other control
 * messages in {@link #IGNORED_MESSAGES} give nothing and are counted; {@code atlas_error}, an unknown type, a
 * message that is not {@code [type, payload]} and invalid JSON give one bad item (a dead letter) with the reason.
 * Also writes the subscribe message. Not thread-safe (one per stream).
 */
public final class AtlasStreamMessages {
    /** The type of a message carrying a measurement result. */
    public static final String RESULT = "atlas_result";
    /** The type of an error the server reports (a bad subscription, for instance). */
    public static final String ERROR = "atlas_error";
    /** Control messages without results. */
    public static final List<String> IGNORED_MESSAGES = List.of("atlas_subscribed", "atlas_unsubscribed", "atlas_pong");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, Long> ignored = new TreeMap<>();

    /**
     * The message that subscribes to one measurement's results: {@code ["atlas_subscribe", {"streamType": "result",
     * "msm": N}]} (the streaming API's documented form).
     */
    public static String subscribe(final long msm) {
        final ArrayNode message = MAPPER.createArrayNode();
        message.add("atlas_subscribe");
        final ObjectNode parameters = message.addObject();
        parameters.put("streamType", "result");
        parameters.put("msm", msm);
        return message.toString();
    }

    /** Control messages seen so far, by type. */
    public Map<String, Long> ignored() {
        return Map.copyOf(ignored);
    }

    /** The source items of one message, all with the given origin. */
    public List<SourceItem> items(final Origin origin, final String text) {
        final JsonNode message;
        try {
            message = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return List.of(bad(origin, "Invalid JSON: " + e.getOriginalMessage(), e, text));
        }
        if (message == null || !message.isArray() || message.isEmpty() || !message.get(0).isTextual()) {
            return List.of(bad(origin, "Not an Atlas stream message: expected [type, payload]", null, text));
        }
        final String type = message.get(0).asText();
        final JsonNode payload = message.get(1);
        if (RESULT.equals(type)) {
            if (payload != null && payload.isObject()) {
                return List.of(new SourceItem.Value(origin, payload));
            }
            if (payload != null && payload.isArray()) {
                final List<SourceItem> items = new ArrayList<>(payload.size());
                for (final JsonNode result : payload) {
                    items.add(result.isObject() ? new SourceItem.Value(origin, result)
                            : bad(origin, "Atlas result is not an object", null, result.toString()));
                }
                return items;
            }
            return List.of(bad(origin, "atlas_result without a result object", null, text));
        }
        if (ERROR.equals(type)) {
            return List.of(bad(origin, "atlas_error: " + (payload == null ? "" : payload.toString()), null, text));
        }
        if (IGNORED_MESSAGES.contains(type)) {
            ignored.merge(type, 1L, Long::sum);
            return List.of();
        }
        return List.of(bad(origin, "Unknown Atlas stream message type " + type, null, text));
    }

    private static SourceItem bad(final Origin origin, final String reason, final Throwable error, final String text) {
        return new SourceItem.Bad(origin, reason, error, text.getBytes(StandardCharsets.UTF_8));
    }
}
