package org.outagewatch.schemas.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/** Small schemas for registry tests: a record and its compatible and incompatible evolutions. */
public final class TestSchemas {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestSchemas() {
    }

    /** {@code Sample{name: string}}. */
    public static Schema v1() {
        return SchemaBuilder.record("Sample").namespace("org.outagewatch.test").fields()
                .requiredString("name")
                .endRecord();
    }

    /** v1 plus an optional field with a default: BACKWARD compatible with v1. */
    public static Schema v2WithDefault() {
        return SchemaBuilder.record("Sample").namespace("org.outagewatch.test").fields()
                .requiredString("name")
                .name("count").type().intType().intDefault(0)
                .endRecord();
    }

    /** v1 plus a required field without a default: cannot read v1 data, so not BACKWARD compatible. */
    public static Schema v2WithoutDefault() {
        return SchemaBuilder.record("Sample").namespace("org.outagewatch.test").fields()
                .requiredString("name")
                .requiredLong("size")
                .endRecord();
    }

    /** A record unrelated to Sample. */
    public static Schema other() {
        return SchemaBuilder.record("Other").namespace("org.outagewatch.test").fields()
                .requiredDouble("value")
                .endRecord();
    }

    /** The same record without some of its fields: an older version of it, as a writer that predates them. */
    public static Schema without(final Schema schema, final Set<String> fields) {
        try {
            final ObjectNode json = (ObjectNode) JSON.readTree(schema.toString());
            final ArrayNode kept = JSON.createArrayNode();
            json.withArray("fields").forEach(field -> {
                if (!fields.contains(field.path("name").asText())) {
                    kept.add(field);
                }
            });
            json.set("fields", kept);
            return new Schema.Parser().parse(json.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
