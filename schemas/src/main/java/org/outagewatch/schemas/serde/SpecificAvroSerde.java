package org.outagewatch.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.outagewatch.schemas.registry.SchemaRegistryClient;

/** A Kafka {@link Serde} for one generated Avro type in Confluent's wire format. */
public final class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;

    /** A serde to be configured with {@link #configure} (schema.registry.url and friends). */
    public SpecificAvroSerde(final Class<T> type) {
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>(type);
    }

    /** A serde bound to a client, ready to use. */
    public SpecificAvroSerde(final Class<T> type, final SchemaRegistryClient registry, final AvroSerdeConfig config, final boolean isKey) {
        this.serializer = new SpecificAvroSerializer<>(registry, config, isKey);
        this.deserializer = new SpecificAvroDeserializer<>(type, registry);
    }

    /** A configured value serde. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> forValues(final Class<T> type, final Map<String, ?> configs) {
        final SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(configs, false);
        return serde;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
