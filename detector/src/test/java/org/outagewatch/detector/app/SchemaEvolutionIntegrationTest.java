package org.outagewatch.detector.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.backtest.OfflineDriver;
import org.outagewatch.detector.testing.EvolvedRecord;
import org.outagewatch.detector.testing.PoisonRecords;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.registry.CompatibilityLevel;
import org.outagewatch.schemas.registry.SchemaRegistryClient;
import org.outagewatch.schemas.registry.SchemaRegistryClients;
import org.outagewatch.schemas.registry.server.RegistryServer;
import org.outagewatch.schemas.registry.server.RegistryServerConfig;
import org.outagewatch.schemas.serde.SpecificAvroSerializer;
import org.outagewatch.schemas.serde.WireFormat;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.EventBatches;
import org.outagewatch.schemas.topic.SubjectCompatibility;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * Schema evolution of ProbeResult through our registry server (issue 13, part 4), with every subject at the level
 * {@link SubjectCompatibility} gives it: a producer with a newer ProbeResult (one optional field more) is read by
 * today's detector; today's producer is read by a detector that knows the newer version; an incompatible change
 * is refused by the registry (HTTP 409, error_code 409, Confluent's answer) and by our serializer with a clear
 * message.
 */
class SchemaEvolutionIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = PoisonRecords.T0;
    private static EmbeddedKafka kafka;
    private static RegistryServer registry;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        registry = RegistryServer.start(RegistryServerConfig.of(kafka.bootstrapServers()).withPort(0));
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
        kafka.close();
    }

    private static Schema.Field optionalLong(final String name) {
        return new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.LONG)),
                "added in version 2", JsonProperties.NULL_VALUE);
    }

    @Test
    void shouldEvolveProbeResultBothWaysAndRefuseAnIncompatibleChange() throws Exception {
        final Settings settings = Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                Settings.SCHEMA_REGISTRY_URL, registry.url(), "application.id", "evolution-test",
                DetectorApp.PARTITIONS, "1"));
        final TopicCatalog topics = DetectorApp.catalog(settings);
        final SchemaRegistryClient client = SchemaRegistryClients.create(settings.serdeConfig());
        // every topic's value subject, and the batch types' subjects of probe-results and traffic-samples
        assertThat(SubjectCompatibility.apply(client, topics)).hasSize(topics.all().size() + EventBatches.subjects(topics).size());
        assertThat(SubjectCompatibility.apply(client, topics)).isEmpty();
        final String subject = WireFormat.subject(topics.probeResults().name(), false);
        assertThat(client.compatibility(subject)).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(client.compatibility(WireFormat.subject(topics.deadLetters().name(), false)))
                .isEqualTo(CompatibilityLevel.BACKWARD_TRANSITIVE);
        for (final String batches : EventBatches.subjects(topics)) {
            assertThat(client.compatibility(batches)).as(batches).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        }

        // today's producer, and a producer built with version 2 (one optional field more)
        final byte[] v1 = topics.probeResults().valueSerde().serializer()
                .serialize(topics.probeResults().name(), PoisonRecords.probe(100, T0));
        final Serializer<EvolvedRecord> newer = new SpecificAvroSerializer<>();
        newer.configure(settings.serdeConfig(), false);
        final EvolvedRecord evolved = EvolvedRecord.withFields(PoisonRecords.probe(100, T0.plusSeconds(60)),
                List.of(optionalLong("hopCount")), 11L);
        final byte[] v2 = newer.serialize(topics.probeResults().name(), evolved);
        assertThat(client.versions(subject)).hasSize(2);

        // today's detector reads both: two probes in the window of T0
        assertThat(pointsOfTodaysDetector(settings, topics, v1, v2)).containsExactly("probe.reachable/2");

        // a detector that knows version 2 reads today's record, with the new field at its default
        final GenericRecord read = new GenericDatumReader<GenericRecord>(client.getById(WireFormat.schemaId(v1)),
                evolved.getSchema()).read(null, DecoderFactory.get().binaryDecoder(v1, WireFormat.HEADER_SIZE,
                v1.length - WireFormat.HEADER_SIZE, null));
        assertThat(read.get("hopCount")).isNull();
        assertThat(read.get("probeId").toString()).isEqualTo("probe-1");
        assertThat(read.get("measuredAt")).isEqualTo(T0.toEpochMilli());

        // an incompatible change: a required field (old data has no value for it) ...
        final Schema.Field required = new Schema.Field("hopCount", Schema.create(Schema.Type.LONG), "required", null);
        final EvolvedRecord incompatible = EvolvedRecord.withFields(PoisonRecords.probe(100, T0), List.of(required), 3L);
        assertThatThrownBy(() -> newer.serialize(topics.probeResults().name(), incompatible))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("The registry refused org.outagewatch.schemas.ProbeResult for subject " + subject)
                .hasMessageContaining("incompatible")
                .hasMessageContaining("hopCount");
        final HttpResponse<String> refused = post("/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8)
                + "/versions", incompatible.getSchema());
        assertThat(refused.statusCode()).isEqualTo(409);
        final JsonNode error = JSON.readTree(refused.body());
        assertThat(error.path("error_code").asInt()).isEqualTo(409);
        assertThat(error.path("message").asText()).contains("incompatible");
        // ... and, FULL not only BACKWARD: removing a field without a default (today's readers need it)
        final Schema withoutProbeId = Schema.createRecord(ProbeResult.getClassSchema().getName(), null,
                ProbeResult.getClassSchema().getNamespace(), false, ProbeResult.getClassSchema().getFields().stream()
                        .filter(f -> !f.name().equals("probeId")).map(f -> new Schema.Field(f, f.schema())).toList());
        assertThat(post("/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions", withoutProbeId)
                .statusCode()).isEqualTo(409);
        assertThat(client.versions(subject)).hasSize(2);
    }

    /** The points (signal/coverage) that today's detector makes of these probe-results records, in the window of T0. */
    private static List<String> pointsOfTodaysDetector(final Settings settings, final TopicCatalog topics,
                                                       final byte[]... records) {
        final Properties props = DetectorApp.streamsProperties(settings, topics);
        props.put("state.dir", System.getProperty("java.io.tmpdir") + "/evolution-" + System.nanoTime());
        try (TopologyTestDriver driver = OfflineDriver.start(DetectorSettings.from(settings), topics, props, T0)) {
            final TestInputTopic<String, byte[]> probes = driver.createInputTopic(topics.probeResults().name(),
                    new StringSerializer(), new ByteArraySerializer());
            for (final byte[] record : records) {
                probes.pipeInput("AS100", record, T0);
            }
            final Instant later = T0.plusSeconds(3600);
            probes.pipeInput("AS100", topics.probeResults().valueSerde().serializer()
                    .serialize(topics.probeResults().name(), PoisonRecords.probe(100, later)), later);
            return driver.createOutputTopic(topics.signalPoints().name(), new StringDeserializer(),
                            topics.signalPoints().valueSerde().deserializer()).readValuesToList().stream()
                    .filter(p -> p.getEntity().equals("AS100") && p.getWindowStart().equals(T0))
                    .map(p -> p.getSignal() + "/" + p.getCoverage()).toList();
        }
    }

    private static HttpResponse<String> post(final String path, final Schema schema) throws Exception {
        final String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(registry.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
