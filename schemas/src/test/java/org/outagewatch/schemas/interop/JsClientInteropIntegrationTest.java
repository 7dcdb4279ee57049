package org.outagewatch.schemas.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.ProbeMethod;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.registry.HttpSchemaRegistryClient;
import org.outagewatch.schemas.registry.RegistryClientConfig;
import org.outagewatch.schemas.registry.SchemaRegistryClient;
import org.outagewatch.schemas.registry.SchemaRegistryException;
import org.outagewatch.schemas.registry.server.RegistryServer;
import org.outagewatch.schemas.registry.server.RegistryServerConfig;
import org.outagewatch.schemas.serde.SpecificAvroSerde;
import org.outagewatch.schemas.serde.WireFormat;
import org.outagewatch.schemas.testing.EmbeddedKafka;

/**
 * Shows that an independent client stack, kafkajs with {@code @kafkajs/confluent-schema-registry} (node),
 * reads what our serde writes, writes what our serde reads, and evolves schemas through our registry,
 * against a real broker and our {@link RegistryServer}. The node scripts live in schemas/src/test/js; their
 * packages are installed with npm into schemas/target/js-interop, and a failing install fails this test.
 *
 * <p>kafkajs 2.x predates Kafka 4, which removed old protocol versions (KIP-896). It negotiates the newest
 * version both sides speak, and every call it makes here (metadata, produce, fetch, and the classic consumer
 * group protocol) still has a version it knows, so the scripts use kafkajs's ordinary producer and a consumer
 * in a fresh group reading from the beginning, with offset commits turned off so that nothing outlives the
 * run. Its first FindCoordinator may be answered "not available" while the broker creates its offsets topic;
 * kafkajs logs that and retries.
 */
class JsClientInteropIntegrationTest {
    private static final Instant T0 = Instant.parse("2020-05-17T06:00:00Z");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedKafka kafka;
    private static RegistryServer registry;
    private static NodeScripts scripts;

    @BeforeAll
    static void start() throws Exception {
        scripts = NodeScripts.install();
        kafka = EmbeddedKafka.start();
        registry = RegistryServer.start(RegistryServerConfig.of(kafka.bootstrapServers()).withPort(0));
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Instant at(final int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    private static Map<String, Object> serdeConfig() {
        return Map.of(RegistryClientConfig.URL, registry.url());
    }

    @Test
    void shouldLetTheJsClientDecodeWhatOurSerdeProduced() throws Exception {
        final String topic = "probe-results-java-to-js";
        kafka.createTopic(topic, 1, false);
        final ProbeResult blocked = ProbeResult.newBuilder()
                .setSource(MeasurementSource.OONI).setMeasurementId("20200517T061500Z_webconnectivity_PK_17557")
                .setProbeId("ooni-pk-1").setVantageAsn(17_557L).setVantageCountry("PK")
                .setTarget("https://twitter.com/").setService("twitter.com")
                .setMethod(ProbeMethod.WEB_CONNECTIVITY).setOutcome(ProbeOutcome.BLOCKPAGE).setControlOutcome(ProbeOutcome.OK)
                .setRttMillis(182.5).setMeasuredAt(at(15)).build();
        final ProbeResult reachable = ProbeResult.newBuilder()
                .setSource(MeasurementSource.RIPE_ATLAS).setProbeId("6001").setVantageAsn(3_320L)
                .setTarget("203.0.113.7").setTargetAsn(45_595L).setTargetCountry("PK")
                .setMethod(ProbeMethod.PING).setOutcome(ProbeOutcome.OK).setRttMillis(141.0).setMeasuredAt(at(16)).build();
        final SpecificAvroSerde<ProbeResult> serde = SpecificAvroSerde.forValues(ProbeResult.class, serdeConfig());
        try (KafkaProducer<String, ProbeResult> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), serde.serializer())) {
            for (final ProbeResult probe : List.of(blocked, reachable)) {
                producer.send(new ProducerRecord<>(topic, probe.getProbeId(), probe)).get(30, TimeUnit.SECONDS);
            }
        }
        final int id = client().latest(WireFormat.subject(topic, false)).id();

        final JsonNode records = scripts.node(SCRIPT_TIMEOUT, "consume-decode.js", kafka.bootstrapServers(), registry.url(), topic, "2")
                .get("records");

        assertThat(records).hasSize(2);
        final JsonNode first = records.get(0);
        assertThat(first.get("key").asText()).isEqualTo("ooni-pk-1");
        assertThat(first.get("magicByte").asInt()).isEqualTo(WireFormat.MAGIC_BYTE);
        assertThat(first.get("schemaId").asInt()).isEqualTo(id);
        final JsonNode value = first.get("value");
        assertThat(value.get("source").asText()).isEqualTo("OONI");
        assertThat(value.get("measurementId").asText()).isEqualTo(blocked.getMeasurementId());
        assertThat(value.get("vantageAsn").asLong()).isEqualTo(17_557L);
        assertThat(value.get("vantageCountry").asText()).isEqualTo("PK");
        assertThat(value.get("service").asText()).isEqualTo("twitter.com");
        assertThat(value.get("method").asText()).isEqualTo("WEB_CONNECTIVITY");
        assertThat(value.get("outcome").asText()).isEqualTo("BLOCKPAGE");
        assertThat(value.get("controlOutcome").asText()).isEqualTo("OK");
        assertThat(value.get("rttMillis").asDouble()).isEqualTo(182.5);
        assertThat(value.get("targetAsn").isNull()).isTrue();
        assertThat(value.get("measuredAt").asLong()).isEqualTo(at(15).toEpochMilli());
        final JsonNode second = records.get(1).get("value");
        assertThat(second.get("targetAsn").asLong()).isEqualTo(45_595L);
        assertThat(second.get("vantageCountry").isNull()).isTrue();
        assertThat(second.get("measuredAt").asLong()).isEqualTo(at(16).toEpochMilli());
    }

    @Test
    void shouldDecodeInJavaWhatTheJsClientEncodedAndProduced() throws Exception {
        final String topic = "probe-results-js-to-java";
        kafka.createTopic(topic, 1, false);
        final Path schemaFile = scripts.dir().resolve("probe-result.avsc");
        Files.writeString(schemaFile, ProbeResult.getClassSchema().toString());
        final ArrayNode values = JSON.createArrayNode();
        values.addObject().put("source", "OONI").putNull("measurementId").put("probeId", "js-probe-1")
                .put("vantageAsn", 17_557L).put("vantageCountry", "PK").put("target", "https://zoom.us/")
                .putNull("targetAsn").putNull("targetCountry").put("service", "zoom.us")
                .put("method", "HTTP").put("outcome", "TCP_FAILURE").put("controlOutcome", "TCP_FAILURE")
                .putNull("rttMillis").put("measuredAt", at(30).toEpochMilli());
        final Path valuesFile = scripts.dir().resolve("js-values.json");
        Files.writeString(valuesFile, values.toString());

        final JsonNode produced = scripts.node(SCRIPT_TIMEOUT, "encode-produce.js", kafka.bootstrapServers(), registry.url(), topic,
                schemaFile.toString(), valuesFile.toString());

        assertThat(produced.get("schemaId").asInt()).isEqualTo(client().latest(WireFormat.subject(topic, false)).id());
        final List<ProbeResult> read = new ArrayList<>();
        final SpecificAvroSerde<ProbeResult> serde = SpecificAvroSerde.forValues(ProbeResult.class, serdeConfig());
        try (KafkaConsumer<String, ProbeResult> consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), serde.deserializer())) {
            final TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (read.isEmpty() && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, ProbeResult> record : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(record.key()).isEqualTo("js-probe-1");
                    read.add(record.value());
                }
            }
        }
        assertThat(read).containsExactly(ProbeResult.newBuilder()
                .setSource(MeasurementSource.OONI).setProbeId("js-probe-1").setVantageAsn(17_557L).setVantageCountry("PK")
                .setTarget("https://zoom.us/").setService("zoom.us").setMethod(ProbeMethod.HTTP)
                .setOutcome(ProbeOutcome.TCP_FAILURE).setControlOutcome(ProbeOutcome.TCP_FAILURE).setMeasuredAt(at(30)).build());
    }

    @Test
    void shouldEnforceCompatibilityOnSchemasTheJsClientRegisters() throws Exception {
        final String subject = "readings-value";

        final JsonNode outcome = scripts.node(SCRIPT_TIMEOUT, "register-evolve.js", registry.url(), subject);

        assertThat(outcome.get("incompatible").isNull()).as("the incompatible version must be refused").isFalse();
        assertThat(outcome.get("incompatible").get("status").asInt()).isEqualTo(409);
        assertThat(outcome.get("incompatible").get("message").asText()).contains("incompatible");
        final SchemaRegistryClient client = client();
        assertThat(client.versions(subject)).containsExactly(1, 2);
        assertThat(client.version(subject, 1).id()).isEqualTo(outcome.get("v1").get("id").asInt());
        assertThat(client.latest(subject).id()).isEqualTo(outcome.get("v2").get("id").asInt())
                .isEqualTo(outcome.get("latest").get("id").asInt());
        assertThat(client.latest(subject).schema().getField("unit").defaultVal()).isEqualTo("ms");
        assertThat(outcome.get("decoded").get("unit").asText()).isEqualTo("ms");
        assertThat(outcome.get("decoded").get("value").asDouble()).isEqualTo(12.5);
        final SchemaRegistryException refused = catchThrowableOfType(SchemaRegistryException.class,
                () -> client.lookup(subject, new Schema.Parser().parse(
                        "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"org.outagewatch.interop\",\"fields\":"
                                + "[{\"name\":\"value\",\"type\":\"double\"},{\"name\":\"unit\",\"type\":\"string\"}]}")));
        assertThat(refused.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
    }

    private static SchemaRegistryClient client() {
        return new HttpSchemaRegistryClient(RegistryClientConfig.from(serdeConfig()));
    }

    private static Properties producerConfig() {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return props;
    }

    private static Properties consumerConfig() {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }
}
