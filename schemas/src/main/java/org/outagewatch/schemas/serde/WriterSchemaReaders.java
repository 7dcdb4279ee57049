package org.outagewatch.schemas.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.outagewatch.schemas.registry.SchemaRegistryClient;
import org.outagewatch.schemas.registry.SchemaRegistryException;

/**
 * What the deserializers share: a value in Confluent wire format is read with a {@link DatumReader} made once per
 * writer schema id (the writer's schema fetched from the registry, resolved to a reader schema chosen for it) and a
 * decoder reused per thread.
 */
final class WriterSchemaReaders<T> {
    private final Function<Schema, DatumReader<T>> readerForWriter;
    private final Map<Integer, DatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    /** @param readerForWriter the reader for a writer's schema; throws {@link SerializationException} to refuse it */
    WriterSchemaReaders(final Function<Schema, DatumReader<T>> readerForWriter) {
        this.readerForWriter = readerForWriter;
    }

    /** Reads {@code data} (not null); {@code what} names the expected type in error messages. */
    T read(final SchemaRegistryClient registry, final String topic, final byte[] data, final String what) {
        final int id = WireFormat.schemaId(data);
        final DatumReader<T> reader = readersByWriterId.computeIfAbsent(id, writerId -> {
            final Schema writer;
            try {
                writer = registry.getById(writerId);
            } catch (SchemaRegistryException e) {
                throw new SerializationException("Cannot get the writer's schema with id " + writerId + ": " + e.getMessage(), e);
            }
            return readerForWriter.apply(writer);
        });
        final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, decoders.get());
        decoders.set(decoder);
        try {
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot read " + what + " (writer schema id " + id + ") from topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }
}
