package org.outagewatch.ingest.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** One item read from a source: a JSON value with its origin, or input that could not be read, with the reason. */
public sealed interface SourceItem permits SourceItem.Value, SourceItem.Bad {
    Origin origin();

    /** A well-formed JSON value. */
    record Value(Origin origin, JsonNode node) implements SourceItem {
        public Value {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(node, "node");
        }
    }

    /** Input that is not readable (invalid JSON, an oversized line, a truncated file), kept for the dead letters. */
    record Bad(Origin origin, String reason, Throwable error, byte[] payload) implements SourceItem {
        public Bad {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(reason, "reason");
            payload = payload == null ? new byte[0] : payload;
        }
    }
}
