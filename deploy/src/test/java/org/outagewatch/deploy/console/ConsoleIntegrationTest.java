package org.outagewatch.deploy.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagewatch.deploy.console.Fixtures.alert;
import static org.outagewatch.deploy.console.Fixtures.blocking;
import static org.outagewatch.deploy.console.Fixtures.networkOutage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.outagewatch.deploy.cli.OutageWatchCli;
import org.outagewatch.schemas.AlertSeverity;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentStatus;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.registry.server.RegistryServer;
import org.outagewatch.schemas.registry.server.RegistryServerConfig;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;
import picocli.CommandLine;

/**
 * {@code watch} and {@code incidents} as an operator runs them, in-process, against a real KRaft broker and the
 * registry server: alerts, incidents and ASN metadata are written with our serde (transactions, as the detector
 * writes them, plus one aborted transaction that must never show), then read back through the CLI.
 */
class ConsoleIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedKafka kafka;
    private static RegistryServer registry;

    @BeforeAll
    static void writeAlertsAndIncidents() throws Exception {
        kafka = EmbeddedKafka.start();
        registry = RegistryServer.start(RegistryServerConfig.of(kafka.bootstrapServers()).withPort(0));
        final TopicCatalog topics = TopicCatalog.create(Map.of(Settings.SCHEMA_REGISTRY_URL, registry.url()), 2);
        for (final Topic<String, ?> topic : List.of(topics.outageAlerts(), topics.incidents(), topics.asnMetadata())) {
            kafka.createTopic(topic.name(), topic.partitions(), topic.compacted());
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "console-it"),
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, topics.asnMetadata(), "AS17557", AsnInfo.newBuilder().setAsn(17557).setName("PKTELECOM-AS-PK")
                    .setCountry("PK").setSource("console-test").build());
            send(producer, topics.asnMetadata(), "AS3320", AsnInfo.newBuilder().setAsn(3320).setName("DTAG").setCountry("DE").setSource("console-test").build());
            send(producer, topics.outageAlerts(), "AS17557|probe.reachable",
                    alert("AS17557", "probe.reachable", AlertStatus.OPEN, AlertSeverity.CRITICAL, 5));
            send(producer, topics.outageAlerts(), "AS3320|probe.reachable",
                    alert("AS3320", "probe.reachable", AlertStatus.OPEN, AlertSeverity.CRITICAL, 5));
            send(producer, topics.outageAlerts(), "AS17557|probe.reachable",
                    alert("AS17557", "probe.reachable", AlertStatus.RESOLVED, AlertSeverity.CRITICAL, 40));
            send(producer, topics.incidents(), blocking(IncidentStatus.OPEN, 64));
            send(producer, topics.incidents(), networkOutage(3320, "DE", IncidentStatus.OPEN, 90));
            send(producer, topics.incidents(), networkOutage(3320, "DE", IncidentStatus.RESOLVED, 90));
            send(producer, topics.incidents(), networkOutage(45595, "PK", IncidentStatus.OPEN, 30));
            producer.commitTransaction();

            producer.beginTransaction();
            send(producer, topics.outageAlerts(), "AS17557|traffic.volume",
                    alert("AS17557", "traffic.volume", AlertStatus.OPEN, AlertSeverity.CRITICAL, 50));
            send(producer, topics.incidents(), networkOutage(17557, "PK", IncidentStatus.OPEN, 99));
            producer.flush();
            producer.abortTransaction();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
        kafka.close();
    }

    @Test
    void shouldFollowOnlyTheCommittedAlertsAndIncidentsOfOneCountry() {
        final String out = run("watch", "--from-beginning", "--exit-at-end", "--country", "PK");

        final List<String> lines = Arrays.asList(out.split(System.lineSeparator()));
        assertThat(lines).filteredOn(line -> line.contains("probe.reachable")).hasSize(2)
                .allMatch(line -> line.contains("AS17557"));
        assertThat(lines).anyMatch(line -> line.contains("OPEN     CRITICAL  AS17557"));
        assertThat(lines).anyMatch(line -> line.contains("RESOLVED CRITICAL  AS17557"));
        assertThat(lines).anyMatch(line -> line.contains("INCIDENT OPEN     SERVICE_BLOCKING   severity  64"));
        assertThat(lines).contains(ConsoleFormat.INDENT + Fixtures.BLOCKING_EXPLANATION);
        assertThat(lines).anyMatch(line -> line.contains("INCIDENT OPEN     NETWORK_OUTAGE     severity  30  AS45595  PK"));
        assertThat(out).doesNotContain("AS3320", "traffic.volume", "severity  99").doesNotContain("\u001b[");
    }

    @Test
    void shouldWriteOneJsonObjectPerLineForTheSeverestIncidents() throws Exception {
        final String out = run("watch", "--from-beginning", "--exit-at-end", "--kind", "NETWORK_OUTAGE,SERVICE_BLOCKING",
                "--min-severity", "60", "--json");

        final List<JsonNode> objects = new ArrayList<>();
        for (final String line : out.split(System.lineSeparator())) {
            objects.add(JSON.readTree(line));
        }
        assertThat(objects).extracting(node -> node.get("type").asText()).containsOnly("incident");
        assertThat(objects).extracting(node -> node.get("incidentId").asText() + " " + node.get("status").asText())
                .containsExactlyInAnyOrder("PK/twitter.com@" + Fixtures.T0 + " OPEN",
                        "AS3320@" + Fixtures.T0 + " OPEN", "AS3320@" + Fixtures.T0 + " RESOLVED");
    }

    @Test
    void shouldListTheOpenIncidentsByTheirLatestState() {
        final String out = run("incidents", "--open");

        assertThat(out).contains("INCIDENT OPEN     SERVICE_BLOCKING", Fixtures.BLOCKING_EXPLANATION,
                "INCIDENT OPEN     NETWORK_OUTAGE     severity  30  AS45595  PK")
                .doesNotContain("AS3320", "AS17557  PK")
                .endsWith("2 open incidents" + System.lineSeparator());
        assertThat(run("incidents")).contains("INCIDENT RESOLVED NETWORK_OUTAGE     severity  90  AS3320  DE")
                .endsWith("3 incidents, 2 open" + System.lineSeparator());
    }

    private static String run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = OutageWatchCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        final List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.url()));
        final int exit = cli.execute(all.toArray(String[]::new));
        assertThat(exit).as("%s: %s%n%s", all, out, err).isZero();
        return out.toString();
    }

    private static <V> void send(final KafkaProducer<byte[], byte[]> producer, final Topic<String, V> topic, final String key,
                                 final V value) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serializer().serialize(topic.name(), value))).get(10, TimeUnit.SECONDS);
    }

    private static void send(final KafkaProducer<byte[], byte[]> producer, final Topic<String, Incident> topic,
                             final Incident incident) throws Exception {
        send(producer, topic, incident.getIncidentId(), incident);
    }
}
