package org.outagewatch.schemas.serde;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.outagewatch.schemas.registry.SchemaRegistryClient;
import org.outagewatch.schemas.registry.SchemaRegistryClients;

/**
 * Reads Confluent wire format into a SpecificRecord: the writer's schema is fetched by the id in the
 * header and resolved to the reader's (the generated class's) schema, so data written with an older or
 * newer compatible schema reads cleanly.
 */
public final class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private final Schema readerSchema;
    private final WriterSchemaReaders<T> readers;
    private SchemaRegistryClient registry;

    public SpecificAvroDeserializer(final Class<T> type) {
        this.readerSchema = SpecificData.get().getSchema(type);
        this.readers = new WriterSchemaReaders<>(writer -> new SpecificDatumReader<>(writer, readerSchema));
    }

    public SpecificAvroDeserializer(final Class<T> type, final SchemaRegistryClient registry) {
        this(type);
        this.registry = registry;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        this.registry = SchemaRegistryClients.create(configs);
    }

    @Override
    public T deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new SerializationException("SpecificAvroDeserializer is not configured: set schema.registry.url");
        }
        return readers.read(registry, topic, data, readerSchema.getFullName());
    }
}
