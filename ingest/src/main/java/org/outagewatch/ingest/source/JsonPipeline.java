package org.outagewatch.ingest.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads JSON files with a {@link JsonFileReader} and maps every value with a parser: events go to the sink's
 * {@link RecordSink#accept}, unreadable input and rejected or invalid records to {@link RecordSink#reject} with
 * the reason and origin. A parser that throws {@link InvalidRecordException} (a missing field, a wrong type, an
 * absurd value) or any other runtime exception rejects that one value; the run goes on.
 */
public final class JsonPipeline {
    private final JsonFileReader reader;
    private final Function<JsonNode, Parsed> parser;

    public JsonPipeline(final JsonFileReader reader, final Function<JsonNode, Parsed> parser) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** Reads one file into the sink. */
    public void read(final Path file, final RecordSink sink) {
        reader.read(file, item -> handle(item, sink));
    }

    /** Maps one item into the sink (also used for values that arrive from elsewhere, such as a WebSocket). */
    public void handle(final SourceItem item, final RecordSink sink) {
        if (item instanceof SourceItem.Bad bad) {
            sink.reject(bad.origin(), bad.reason(), bad.error(), bad.payload());
            return;
        }
        final SourceItem.Value value = (SourceItem.Value) item;
        final Parsed parsed;
        try {
            parsed = parser.apply(value.node());
        } catch (InvalidRecordException e) {
            sink.reject(value.origin(), e.getMessage(), null, bytes(value.node()));
            return;
        } catch (RuntimeException e) {
            sink.reject(value.origin(), "Cannot parse: " + e, e, bytes(value.node()));
            return;
        }
        if (parsed instanceof Parsed.Rejected rejected) {
            sink.reject(value.origin(), rejected.reason(), null, bytes(value.node()));
        } else {
            for (final Keyed record : ((Parsed.Records) parsed).records()) {
                sink.accept(record);
            }
        }
    }

    private static byte[] bytes(final JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
