package org.outagewatch.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.ProbeMethod;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.registry.InMemorySchemaRegistryClient;
import org.outagewatch.schemas.registry.RegistryClientConfig;
import org.outagewatch.schemas.registry.SchemaRegistryClient;
import org.outagewatch.schemas.registry.SchemaVersion;
import org.outagewatch.schemas.registry.TestSchemas;

class SpecificAvroSerdeTest {
    private static final String SCOPE = "serde-test";
    private static final String TOPIC = "probe-results";
    private static final Instant T0 = Instant.parse("2020-05-17T06:00:00Z");
    private static final Map<String, Object> CONFIG = Map.of(RegistryClientConfig.URL, RegistryClientConfig.MOCK_SCHEME + SCOPE);

    private final SchemaRegistryClient registry = InMemorySchemaRegistryClient.forScope(SCOPE);

    @AfterEach
    void dropRegistry() {
        InMemorySchemaRegistryClient.dropScope(SCOPE);
    }

    private static Instant at(final int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    static ProbeResult probe() {
        return ProbeResult.newBuilder()
                .setSource(MeasurementSource.OONI)
                .setMeasurementId("20200517T061500Z_webconnectivity_PK_17557")
                .setProbeId("ooni-pk-1")
                .setVantageAsn(17_557L)
                .setVantageCountry("PK")
                .setTarget("https://twitter.com/")
                .setService("twitter.com")
                .setMethod(ProbeMethod.WEB_CONNECTIVITY)
                .setOutcome(ProbeOutcome.BLOCKPAGE)
                .setControlOutcome(ProbeOutcome.OK)
                .setRttMillis(182.5)
                .setMeasuredAt(at(15))
                .build();
    }

    @Test
    void shouldRoundTripInConfluentWireFormatUnderTheTopicValueSubject() {
        final SpecificAvroSerde<ProbeResult> serde = SpecificAvroSerde.forValues(ProbeResult.class, CONFIG);

        final byte[] bytes = serde.serializer().serialize(TOPIC, probe());

        final SchemaVersion registered = registry.latest(WireFormat.subject(TOPIC, false));
        assertThat(registered.subject()).isEqualTo(TOPIC + "-value");
        assertThat(registered.schema()).isEqualTo(ProbeResult.getClassSchema());
        assertThat(bytes[0]).isEqualTo(WireFormat.MAGIC_BYTE);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registered.id());
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(registered.id());
        assertThat(Arrays.copyOfRange(bytes, WireFormat.HEADER_SIZE, bytes.length)).isEqualTo(avroBinary(probe()));
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(probe());
    }

    @Test
    void shouldRegisterKeysUnderTheTopicKeySubject() {
        final SpecificAvroSerde<ProbeResult> serde = new SpecificAvroSerde<>(ProbeResult.class);
        serde.configure(CONFIG, true);

        serde.serializer().serialize(TOPIC, probe());

        assertThat(registry.subjects()).containsExactly(TOPIC + "-key");
    }

    @Test
    void shouldPassNullsThrough() {
        final SpecificAvroSerde<ProbeResult> serde = SpecificAvroSerde.forValues(ProbeResult.class, CONFIG);

        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void shouldFailClearlyWhenAutoRegisterIsOffAndTheSchemaIsNotRegistered() {
        final SpecificAvroSerde<ProbeResult> serde = SpecificAvroSerde.forValues(ProbeResult.class,
                Map.of(RegistryClientConfig.URL, RegistryClientConfig.MOCK_SCHEME + SCOPE, AvroSerdeConfig.AUTO_REGISTER, "false"));

        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, probe()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC + "-value")
                .hasMessageContaining("not found");
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void shouldUseTheRegisteredIdWhenAutoRegisterIsOff() {
        final int id = registry.register(TOPIC + "-value", ProbeResult.getClassSchema());
        final SpecificAvroSerde<ProbeResult> serde = SpecificAvroSerde.forValues(ProbeResult.class,
                Map.of(RegistryClientConfig.URL, RegistryClientConfig.MOCK_SCHEME + SCOPE, AvroSerdeConfig.AUTO_REGISTER, "false"));

        assertThat(WireFormat.schemaId(serde.serializer().serialize(TOPIC, probe()))).isEqualTo(id);
    }

    @Test
    void shouldResolveDataWrittenWithAnOlderSchemaToTheReaderSchema() {
        final Schema older = TestSchemas.without(ProbeResult.getClassSchema(), Set.of("controlOutcome", "rttMillis"));
        final int olderId = registry.register(TOPIC + "-value", older);
        final GenericRecord written = new GenericData.Record(older);
        final ProbeResult current = probe();
        for (final Schema.Field field : older.getFields()) {
            final Object value = current.get(field.name());
            written.put(field.name(), value instanceof Enum<?> symbol
                    ? new GenericData.EnumSymbol(field.schema().getType() == Schema.Type.UNION ? field.schema().getTypes().get(1) : field.schema(), symbol.name())
                    : value instanceof Instant instant ? instant.toEpochMilli() : value);
        }
        final byte[] bytes = wire(olderId, older, written);

        final ProbeResult read = SpecificAvroSerde.forValues(ProbeResult.class, CONFIG).deserializer().deserialize(TOPIC, bytes);

        assertThat(read.getControlOutcome()).isNull();
        assertThat(read.getRttMillis()).isNull();
        assertThat(read.getOutcome()).isEqualTo(ProbeOutcome.BLOCKPAGE);
        assertThat(read.getMeasuredAt()).isEqualTo(at(15));
        assertThat(read.getService()).isEqualTo("twitter.com");
    }

    @Test
    void shouldRejectAWrongMagicByteClearly() {
        final byte[] bytes = SpecificAvroSerde.forValues(ProbeResult.class, CONFIG).serializer().serialize(TOPIC, probe());
        bytes[0] = 1;

        assertThatThrownBy(() -> SpecificAvroSerde.forValues(ProbeResult.class, CONFIG).deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("magic byte 1");
    }

    @Test
    void shouldRejectDataShorterThanTheHeaderAndUnknownIds() {
        final SpecificAvroSerde<ProbeResult> serde = SpecificAvroSerde.forValues(ProbeResult.class, CONFIG);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("shorter than the 5-byte header");
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[] {0, 0, 0, 0, 42, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("id 42");
    }

    @Test
    void shouldFailClearlyWhenNotConfigured() {
        final SpecificAvroSerde<ProbeResult> serde = new SpecificAvroSerde<>(ProbeResult.class);

        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, probe()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("schema.registry.url");
    }

    private static byte[] avroBinary(final ProbeResult record) {
        try {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<ProbeResult>(ProbeResult.getClassSchema()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] wire(final int id, final Schema schema, final GenericRecord record) {
        try {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(WireFormat.MAGIC_BYTE);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
