package org.outagewatch.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.outagewatch.schemas.registry.SchemaRegistryClient;
import org.outagewatch.schemas.registry.SchemaRegistryClients;
import org.outagewatch.schemas.registry.SchemaRegistryException;

/**
 * Writes a SpecificRecord in Confluent's wire format, registering its schema under
 * {@code <topic>-key} or {@code <topic>-value} (or only looking it up when {@code auto.register.schemas=false}).
 * A serializer made by {@link #byRecordName} registers under {@code <topic>-<record full name>} instead (Confluent's
 * TopicRecordNameStrategy), for a second record type on a topic, such as the event batches.
 */
public final class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private SchemaRegistryClient registry;
    private AvroSerdeConfig serdeConfig;
    private boolean isKey;
    private boolean byRecordName;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final ThreadLocal<ByteArrayOutputStream> buffers = ThreadLocal.withInitial(() -> new ByteArrayOutputStream(256));
    private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();

    public SpecificAvroSerializer() {
    }

    /** A serializer bound to a client, for code that builds serdes by hand. */
    public SpecificAvroSerializer(final SchemaRegistryClient registry, final AvroSerdeConfig serdeConfig, final boolean isKey) {
        this.registry = registry;
        this.serdeConfig = serdeConfig;
        this.isKey = isKey;
    }

    /**
     * A configured value serializer that registers under {@code <topic>-<record full name>} (TopicRecordNameStrategy)
     * rather than {@code <topic>-value}.
     */
    public static <T extends SpecificRecord> SpecificAvroSerializer<T> byRecordName(final Map<String, ?> configs) {
        final SpecificAvroSerializer<T> serializer = new SpecificAvroSerializer<>();
        serializer.configure(configs, false);
        serializer.byRecordName = true;
        return serializer;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        this.registry = SchemaRegistryClients.create(configs);
        this.serdeConfig = AvroSerdeConfig.from(configs);
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(final String topic, final T record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new SerializationException("SpecificAvroSerializer is not configured: set schema.registry.url");
        }
        final Schema schema = record.getSchema();
        final String subject = byRecordName ? WireFormat.recordSubject(topic, schema.getFullName())
                : WireFormat.subject(topic, isKey);
        final int id = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(schema, s -> idFor(subject, s));
        final ByteArrayOutputStream out = buffers.get();
        out.reset();
        out.write(WireFormat.MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, encoders.get());
        encoders.set(encoder);
        try {
            writers.computeIfAbsent(schema, SpecificDatumWriter::new).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot write " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private int idFor(final String subject, final Schema schema) {
        try {
            return serdeConfig.autoRegister() ? registry.register(subject, schema) : registry.lookup(subject, schema).id();
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.INCOMPATIBLE_SCHEMA) {
                throw new SerializationException("The registry refused " + schema.getFullName() + " for subject " + subject
                        + ": it is incompatible with the subject's registered versions under its compatibility level"
                        + " (add or remove only fields with a default). " + e.getMessage(), e);
            }
            throw new SerializationException("Cannot get a schema id for subject " + subject + ": " + e.getMessage(), e);
        }
    }
}
