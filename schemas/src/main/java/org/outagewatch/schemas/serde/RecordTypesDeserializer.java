package org.outagewatch.schemas.serde;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.outagewatch.schemas.registry.SchemaRegistryClient;
import org.outagewatch.schemas.registry.SchemaRegistryClients;

/**
 * Reads Confluent wire format of a topic that carries several record types (for example {@code probe-results}:
 * single {@code ProbeResult}s and {@code ProbeResultBatch}es): the writer's schema, fetched by the id in the header,
 * names its record, and the value is read into the generated class of that name, resolved like
 * {@link SpecificAvroDeserializer} does. A record of a type not in the list is refused with a message naming it.
 */
public final class RecordTypesDeserializer implements Deserializer<Object> {
    private final Map<String, Schema> readersByName = new LinkedHashMap<>();
    private final WriterSchemaReaders<Object> readers = new WriterSchemaReaders<>(this::readerFor);
    /** The types, for error messages (made once, not per record). */
    private final String expected;
    private SchemaRegistryClient registry;

    /** A deserializer of the given types, to be configured with {@link #configure} (schema.registry.url...). */
    public RecordTypesDeserializer(final List<Class<? extends SpecificRecord>> types) {
        for (final Class<? extends SpecificRecord> type : types) {
            final Schema schema = SpecificData.get().getSchema(type);
            readersByName.put(schema.getFullName(), schema);
        }
        this.expected = "one of " + readersByName.keySet();
    }

    /** A configured deserializer of the given types. */
    public static RecordTypesDeserializer of(final Map<String, ?> configs, final List<Class<? extends SpecificRecord>> types) {
        final RecordTypesDeserializer deserializer = new RecordTypesDeserializer(types);
        deserializer.configure(configs, false);
        return deserializer;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        this.registry = SchemaRegistryClients.create(configs);
    }

    @Override
    public Object deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new SerializationException("RecordTypesDeserializer is not configured: set schema.registry.url");
        }
        return readers.read(registry, topic, data, expected);
    }

    private DatumReader<Object> readerFor(final Schema writer) {
        final Schema reader = readersByName.get(writer.getFullName());
        if (reader == null) {
            throw new SerializationException("The writer's schema is a " + writer.getFullName() + ", not " + expected);
        }
        return new SpecificDatumReader<>(writer, reader);
    }
}
