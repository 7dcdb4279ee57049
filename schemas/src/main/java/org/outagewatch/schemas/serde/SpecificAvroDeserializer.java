package org.outagewatch.schemas.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.outagewatch.schemas.registry.SchemaRegistryClient;
import org.outagewatch.schemas.registry.SchemaRegistryClients;
import org.outagewatch.schemas.registry.SchemaRegistryException;

/**
 * Reads Confluent wire format into a SpecificRecord: the writer's schema is fetched by the id in the
 * header and resolved to the reader's (the generated class's) schema, so data written with an older or
 * newer compatible schema reads cleanly.
 */
public final class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
    private final Schema readerSchema;
    private SchemaRegistryClient registry;
    private final Map<Integer, DatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    public SpecificAvroDeserializer(final Class<T> type) {
        this.readerSchema = SpecificData.get().getSchema(type);
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
        final int id = WireFormat.schemaId(data);
        final DatumReader<T> reader = readersByWriterId.computeIfAbsent(id, this::readerFor);
        final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, decoders.get());
        decoders.set(decoder);
        try {
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot read " + readerSchema.getFullName() + " (writer schema id " + id
                    + ") from topic " + topic + ": " + e.getMessage(), e);
        }
    }

    private DatumReader<T> readerFor(final int id) {
        final Schema writer;
        try {
            writer = registry.getById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot get the writer's schema with id " + id + ": " + e.getMessage(), e);
        }
        return new SpecificDatumReader<>(writer, readerSchema);
    }
}
