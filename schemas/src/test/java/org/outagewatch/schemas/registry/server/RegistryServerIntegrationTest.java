package org.outagewatch.schemas.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.ProbeMethod;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.registry.CompatibilityLevel;
import org.outagewatch.schemas.registry.HttpSchemaRegistryClient;
import org.outagewatch.schemas.registry.RegistryClientConfig;
import org.outagewatch.schemas.registry.SchemaRegistryClient;
import org.outagewatch.schemas.registry.SchemaRegistryException;
import org.outagewatch.schemas.registry.SchemaVersion;
import org.outagewatch.schemas.registry.TestSchemas;
import org.outagewatch.schemas.serde.SpecificAvroSerde;
import org.outagewatch.schemas.serde.WireFormat;
import org.outagewatch.schemas.testing.EmbeddedKafka;

/** The registry server against a real broker: its REST API, its durability in Kafka, and the serde through both. */
class RegistryServerIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2020-05-17T06:00:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    /** A config on a topic of its own, so each test starts with an empty registry. */
    private static RegistryServerConfig freshConfig() {
        return RegistryServerConfig.of(kafka.bootstrapServers()).withPort(0).withTopic("_schemas-" + UUID.randomUUID());
    }

    private static SchemaRegistryClient client(final RegistryServer server) {
        return new HttpSchemaRegistryClient(RegistryClientConfig.from(Map.of(RegistryClientConfig.URL, server.url())));
    }

    private static Instant at(final int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    @Test
    void shouldServeEveryCallOfTheClient() {
        try (RegistryServer server = RegistryServer.start(freshConfig())) {
            final SchemaRegistryClient client = client(server);
            final String subject = "probe-results-value";

            final int first = client.register(subject, TestSchemas.v1());
            final int second = client.register(subject, TestSchemas.v2WithDefault());
            final int shared = client.register("other-value", TestSchemas.v1());

            assertThat(shared).isEqualTo(first);
            assertThat(second).isNotEqualTo(first);
            assertThat(client.subjects()).containsExactly("other-value", subject);
            assertThat(client.versions(subject)).containsExactly(1, 2);
            assertThat(client.latest(subject)).isEqualTo(new SchemaVersion(subject, 2, second, TestSchemas.v2WithDefault()));
            assertThat(client.version(subject, 1)).isEqualTo(new SchemaVersion(subject, 1, first, TestSchemas.v1()));
            assertThat(client.lookup(subject, TestSchemas.v1()).version()).isEqualTo(1);
            assertThat(new HttpSchemaRegistryClient(RegistryClientConfig.from(Map.of(RegistryClientConfig.URL, server.url())))
                    .getById(second)).isEqualTo(TestSchemas.v2WithDefault());
            assertThat(client.testCompatibility(subject, SchemaRegistryClient.LATEST, TestSchemas.v2WithoutDefault())).isFalse();
            assertThat(client.testCompatibility(subject, 1, TestSchemas.v2WithDefault())).isTrue();
            assertThatThrownBy(() -> client.register(subject, TestSchemas.v2WithoutDefault()))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
                        assertThat(e.httpStatus()).isEqualTo(409);
                    });

            assertThat(client.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
            client.setCompatibility(subject, CompatibilityLevel.NONE);
            assertThat(client.compatibility(subject)).isEqualTo(CompatibilityLevel.NONE);
            assertThat(client.compatibility("other-value")).isEqualTo(CompatibilityLevel.BACKWARD);
            assertThat(client.register(subject, TestSchemas.v2WithoutDefault())).isGreaterThan(second);
            client.setCompatibility(null, CompatibilityLevel.FULL);
            assertThat(client.compatibility("other-value")).isEqualTo(CompatibilityLevel.FULL);
            assertThat(client.compatibility(subject)).isEqualTo(CompatibilityLevel.NONE);
            assertThatThrownBy(() -> client.latest("nope"))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
        }
    }

    @Test
    void shouldAnswerRawHttpLikeConfluentsRegistry() throws Exception {
        try (RegistryServer server = RegistryServer.start(freshConfig())) {
            final String base = server.url();
            final String subject = "odd subject/with+signs";
            final String encoded = "odd%20subject%2Fwith%2Bsigns";
            final String v1Body = JSON.createObjectNode().put("schema", TestSchemas.v1().toString()).put("schemaType", "AVRO").toString();

            final Answer root = call("GET", base + "/", null, null);
            assertThat(root.status()).isEqualTo(200);
            assertThat(root.json().isObject() && root.json().isEmpty()).isTrue();
            assertThat(root.contentType()).isEqualTo(HttpSchemaRegistryClient.CONTENT_TYPE);
            assertThat(call("GET", base + "/health", null, null).status()).isEqualTo(200);
            assertThat(call("GET", base + "/schemas/types", null, null).json().toString()).isEqualTo("[\"AVRO\"]");

            final Answer registered = call("POST", base + "/subjects/" + encoded + "/versions", v1Body, "application/json");
            assertThat(registered.status()).isEqualTo(200);
            assertThat(registered.json().fieldNames()).toIterable().containsExactly("id");
            final int id = registered.json().get("id").asInt();
            final JsonNode subjects = call("GET", base + "/subjects", null, null).json();
            assertThat(subjects).hasSize(1);
            assertThat(subjects.get(0).asText()).isEqualTo(subject);
            assertThat(call("POST", base + "/subjects/" + encoded + "/versions", v1Body, "application/octet-stream").json().get("id").asInt()).isEqualTo(id);

            final JsonNode version = call("GET", base + "/subjects/" + encoded + "/versions/latest", null, null).json();
            assertThat(version.get("subject").asText()).isEqualTo(subject);
            assertThat(version.get("version").asInt()).isEqualTo(1);
            assertThat(version.get("id").asInt()).isEqualTo(id);
            assertThat(new Schema.Parser().parse(version.get("schema").asText())).isEqualTo(TestSchemas.v1());
            assertThat(new Schema.Parser().parse(call("GET", base + "/subjects/" + encoded + "/versions/1/schema", null, null).body()))
                    .isEqualTo(TestSchemas.v1());
            assertThat(call("POST", base + "/subjects/" + encoded, v1Body, HttpSchemaRegistryClient.CONTENT_TYPE).json().get("version").asInt()).isEqualTo(1);
            assertThat(new Schema.Parser().parse(call("GET", base + "/schemas/ids/" + id, null, null).json().get("schema").asText()))
                    .isEqualTo(TestSchemas.v1());
            assertThat(call("GET", base + "/schemas/ids/" + id + "/versions", null, null).json().toString())
                    .isEqualTo("[{\"subject\":\"" + subject + "\",\"version\":1}]");
            assertThat(call("GET", base + "/subjects/" + encoded + "/versions", null, null).json().toString()).isEqualTo("[1]");

            final String incompatible = JSON.createObjectNode().put("schema", TestSchemas.v2WithoutDefault().toString()).toString();
            final JsonNode verbose = call("POST", base + "/compatibility/subjects/" + encoded + "/versions/latest?verbose=true",
                    incompatible, null).json();
            assertThat(verbose.get("is_compatible").asBoolean()).isFalse();
            assertThat(verbose.get("messages").get(0).asText()).contains("size");
            assertThat(call("POST", base + "/compatibility/subjects/" + encoded + "/versions/1", v1Body, null).json().toString())
                    .isEqualTo("{\"is_compatible\":true}");

            assertError(call("POST", base + "/subjects/" + encoded + "/versions", incompatible, null), 409, 409);
            assertError(call("GET", base + "/subjects/nope/versions", null, null), 404, SchemaRegistryException.SUBJECT_NOT_FOUND);
            assertError(call("GET", base + "/subjects/" + encoded + "/versions/9", null, null), 404, SchemaRegistryException.VERSION_NOT_FOUND);
            assertError(call("GET", base + "/subjects/" + encoded + "/versions/zero", null, null), 422, SchemaRegistryException.INVALID_VERSION);
            assertError(call("GET", base + "/schemas/ids/" + (id + 100), null, null), 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
            assertError(call("POST", base + "/subjects/" + encoded, incompatible, null), 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
            assertError(call("POST", base + "/subjects/x/versions", "{\"schema\":\"{\\\"type\\\":\\\"recrd\\\"}\"}", null), 422,
                    SchemaRegistryException.INVALID_SCHEMA);
            final Answer protobuf = call("POST", base + "/subjects/x/versions",
                    "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}", null);
            assertError(protobuf, 422, SchemaRegistryException.INVALID_SCHEMA);
            assertThat(protobuf.json().get("message").asText()).contains("PROTOBUF").contains("only");
            assertError(call("POST", base + "/subjects/x/versions", v1Body, "text/plain"), 415, 415);
            assertError(call("DELETE", base + "/subjects/x/versions", null, null), 405, 405);
            assertError(call("GET", base + "/nothing/here", null, null), 404, 404);

            assertThat(call("GET", base + "/config", null, null).json().toString()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
            assertError(call("GET", base + "/config/" + encoded, null, null), 404, RegistryHttpHandler.SUBJECT_COMPATIBILITY_NOT_CONFIGURED);
            assertThat(call("GET", base + "/config/" + encoded + "?defaultToGlobal=true", null, null).json().get("compatibilityLevel").asText())
                    .isEqualTo("BACKWARD");
            assertThat(call("PUT", base + "/config/" + encoded, "{\"compatibility\":\"forward\"}", null).json().toString())
                    .isEqualTo("{\"compatibility\":\"FORWARD\"}");
            assertThat(call("GET", base + "/config/" + encoded, null, null).json().get("compatibilityLevel").asText()).isEqualTo("FORWARD");
            assertThat(call("PUT", base + "/config", "{\"compatibility\":\"NONE\"}", null).status()).isEqualTo(200);
            assertThat(call("GET", base + "/config", null, null).json().get("compatibilityLevel").asText()).isEqualTo("NONE");
            assertError(call("PUT", base + "/config", "{\"compatibility\":\"SIDEWAYS\"}", null), 422, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL);
        }
    }

    @Test
    void shouldProduceAndConsumeWithTheSerdeThroughABrokerAndTheRegistry() throws Exception {
        final String topic = "probe-results-" + UUID.randomUUID();
        kafka.createTopic(topic, 1, false);
        try (RegistryServer server = RegistryServer.start(freshConfig())) {
            final Map<String, Object> serdeConfig = Map.of(RegistryClientConfig.URL, server.url());
            final SpecificAvroSerde<ProbeResult> serde = SpecificAvroSerde.forValues(ProbeResult.class, serdeConfig);
            final List<ProbeResult> sent = List.of(probe(17_557L, ProbeOutcome.BLOCKPAGE, at(1)), probe(45_595L, ProbeOutcome.OK, at(2)));
            try (KafkaProducer<String, ProbeResult> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), serde.serializer())) {
                for (final ProbeResult probe : sent) {
                    producer.send(new ProducerRecord<>(topic, "AS" + probe.getVantageAsn(), probe)).get(30, TimeUnit.SECONDS);
                }
            }
            final List<ProbeResult> received = new ArrayList<>();
            final List<Integer> ids = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer.assign(List.of(new TopicPartition(topic, 0)));
                consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (received.size() < sent.size() && System.nanoTime() < deadline) {
                    for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        ids.add(WireFormat.schemaId(record.value()));
                        received.add(SpecificAvroSerde.forValues(ProbeResult.class, serdeConfig).deserializer().deserialize(topic, record.value()));
                    }
                }
            }
            assertThat(received).containsExactlyElementsOf(sent);
            assertThat(ids).containsOnly(client(server).latest(WireFormat.subject(topic, false)).id());
        }
    }

    @Test
    void shouldKeepIdsVersionsAndConfigAcrossARestart() {
        final RegistryServerConfig config = freshConfig();
        final int otherId;
        final int v1Id;
        final int v2Id;
        try (RegistryServer first = RegistryServer.start(config)) {
            final SchemaRegistryClient client = client(first);
            otherId = client.register("b-value", TestSchemas.other());
            v1Id = client.register("a-value", TestSchemas.v1());
            client.setCompatibility("a-value", CompatibilityLevel.FULL);
            v2Id = client.register("a-value", TestSchemas.v2WithDefault());
        }
        try (RegistryServer second = RegistryServer.start(config)) {
            final SchemaRegistryClient client = client(second);
            assertThat(client.lookup("b-value", TestSchemas.other()).id()).isEqualTo(otherId);
            assertThat(client.version("a-value", 1).id()).isEqualTo(v1Id);
            assertThat(client.version("a-value", 2).id()).isEqualTo(v2Id);
            assertThat(client.compatibility("a-value")).isEqualTo(CompatibilityLevel.FULL);
            final int next = client.register("c-value", SchemaBuilder.record("Later").fields().requiredInt("n").endRecord());
            assertThat(next).isNotIn(otherId, v1Id, v2Id);
        }
    }

    @Test
    void shouldAgreeOnIdsWhenTwoInstancesRegisterTheSameSchemasAtOnce() throws Exception {
        final RegistryServerConfig config = freshConfig();
        final int schemas = 12;
        try (RegistryServer a = RegistryServer.start(config); RegistryServer b = RegistryServer.start(config)) {
            final ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                final List<Future<Integer>> fromA = new ArrayList<>();
                final List<Future<Integer>> fromB = new ArrayList<>();
                for (int i = 0; i < schemas; i++) {
                    final Schema schema = raceSchema(i);
                    final String subject = "race-" + (i % 3) + "-value";
                    fromA.add(pool.submit(() -> client(a).register(subject, schema)));
                    fromB.add(pool.submit(() -> client(b).register(subject, schema)));
                }
                final List<Integer> idsA = new ArrayList<>();
                final List<Integer> idsB = new ArrayList<>();
                for (int i = 0; i < schemas; i++) {
                    idsA.add(fromA.get(i).get(60, TimeUnit.SECONDS));
                    idsB.add(fromB.get(i).get(60, TimeUnit.SECONDS));
                }
                assertThat(idsB).isEqualTo(idsA);
                assertThat(idsA).doesNotHaveDuplicates();
                for (int s = 0; s < 3; s++) {
                    final String subject = "race-" + s + "-value";
                    assertThat(client(b).versions(subject)).isEqualTo(client(a).versions(subject)).hasSize(schemas / 3);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void shouldApplyTheLogDeterministicallySkippingRejectedAndForeignRecords() throws Exception {
        final RegistryServerConfig config = freshConfig();
        kafka.createTopic(config.topic(), 1, true);
        final List<RegistryCommand> commands = List.of(
                RegistryCommand.Register.of("s", TestSchemas.v1().toString()),
                RegistryCommand.Register.of("s", TestSchemas.v2WithoutDefault().toString()),
                RegistryCommand.SetCompatibility.of("t", CompatibilityLevel.NONE),
                RegistryCommand.Register.of("t", TestSchemas.other().toString()),
                RegistryCommand.Register.of("t", TestSchemas.v1().toString()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(config.topic(), "{\"keytype\":\"NOOP\"}", "{\"not\":\"ours\"}")).get(30, TimeUnit.SECONDS);
            for (final RegistryCommand command : commands) {
                producer.send(new ProducerRecord<>(config.topic(), command.key(), command.toJson())).get(30, TimeUnit.SECONDS);
            }
        }
        try (RegistryServer a = RegistryServer.start(config); RegistryServer b = RegistryServer.start(config)) {
            for (final RegistryServer server : List.of(a, b)) {
                final SchemaRegistryClient client = client(server);
                assertThat(client.versions("s")).containsExactly(1);
                assertThat(client.version("s", 1).id()).isEqualTo(1);
                assertThat(client.version("t", 1).id()).isEqualTo(2);
                assertThat(client.version("t", 2).id()).isEqualTo(1);
                assertThat(client.compatibility("t")).isEqualTo(CompatibilityLevel.NONE);
            }
        }
    }

    @Test
    void shouldCreateACompactedOnePartitionTopic() throws Exception {
        final RegistryServerConfig config = freshConfig();
        try (RegistryServer server = RegistryServer.start(config); Admin admin = kafka.admin()) {
            assertThat(server.ready()).isTrue();
            assertThat(admin.describeTopics(List.of(config.topic())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(config.topic()).partitions()).hasSize(1);
            final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, config.topic());
            assertThat(admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void shouldRefuseAMultiPartitionTopicClearly() throws Exception {
        final RegistryServerConfig config = freshConfig();
        kafka.createTopic(config.topic(), 2, true);
        assertThatThrownBy(() -> RegistryServer.start(config))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(config.topic()).hasMessageContaining("exactly 1");
    }

    @Test
    void shouldRequireBasicAuthWhenConfigured() throws Exception {
        try (RegistryServer server = RegistryServer.start(freshConfig().withBasicAuth("outagewatch:s3cret"))) {
            final SchemaRegistryClient good = new HttpSchemaRegistryClient(RegistryClientConfig.from(Map.of(
                    RegistryClientConfig.URL, server.url(), RegistryClientConfig.CREDENTIALS_SOURCE, "USER_INFO",
                    RegistryClientConfig.USER_INFO, "outagewatch:s3cret")));
            final SchemaRegistryClient wrong = new HttpSchemaRegistryClient(RegistryClientConfig.from(Map.of(
                    RegistryClientConfig.URL, server.url(), RegistryClientConfig.USER_INFO, "outagewatch:guess")));
            final SchemaRegistryClient none = client(server);

            assertThat(good.register("s", TestSchemas.v1())).isEqualTo(1);
            assertThatThrownBy(wrong::subjects).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(401);
                assertThat(e.getMessage()).contains("refused the credentials").contains("wrong user or password");
            });
            assertThatThrownBy(none::subjects).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> assertThat(e.getMessage()).contains("needs basic authentication"));
            assertThat(call("GET", server.url() + "/health", null, null).status()).isEqualTo(200);
        }
    }

    @Test
    void shouldNameTheBusyPort() {
        try (RegistryServer server = RegistryServer.start(freshConfig())) {
            assertThatThrownBy(() -> RegistryServer.start(freshConfig().withPort(server.port())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + server.port())
                    .hasMessageContaining("busy");
        }
    }

    /** Schema i of subject race-(i % 3): the same record with i / 3 extra defaulted fields, so any order is compatible. */
    private static Schema raceSchema(final int i) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("Race" + (i % 3)).namespace("org.outagewatch.test").fields()
                .requiredString("name");
        for (int extra = 1; extra <= i / 3; extra++) {
            fields = fields.name("f" + extra).type().intType().intDefault(0);
        }
        return fields.endRecord();
    }

    private static ProbeResult probe(final long asn, final ProbeOutcome outcome, final Instant when) {
        return ProbeResult.newBuilder()
                .setSource(MeasurementSource.RIPE_ATLAS)
                .setProbeId("atlas-" + asn)
                .setVantageAsn(asn)
                .setVantageCountry("PK")
                .setTarget("twitter.com")
                .setService("twitter.com")
                .setMethod(ProbeMethod.HTTP)
                .setOutcome(outcome)
                .setMeasuredAt(when)
                .build();
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

    private record Answer(int status, String body, String contentType) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private static Answer call(final String method, final String url, final String body, final String contentType) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        final HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Content-Type").orElse(null));
    }

    private static void assertError(final Answer answer, final int status, final int errorCode) throws IOException {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().get("error_code").asInt()).as(answer.body()).isEqualTo(errorCode);
        assertThat(answer.json().get("message").asText()).isNotBlank();
    }
}
