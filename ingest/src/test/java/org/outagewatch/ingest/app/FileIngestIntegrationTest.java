package org.outagewatch.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.ingest.publish.Topics;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.DeadLetter;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.testing.SharedData;
import org.outagewatch.schemas.topic.TopicCatalog;
import picocli.CommandLine;

/**
 * Real files through the ingest commands to a real broker and back: Atlas connection events, an OONI measurement,
 * dead letters, a replay of two series files (one key, so one partition: its order is the replay order), and goflow2
 * flow messages read from a topic and aggregated.
 */
class FileIngestIntegrationTest {
    private static final String REGISTRY = "mock://file-ingest-it";
    private static final int KENYA_EVENTS = 249;
    private static final Instant T0 = Instant.parse("2024-03-10T12:00:00Z");

    private static int run(final StringWriter out, final StringWriter err, final String... args) {
        final CommandLine commandLine = IngestCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void shouldPublishRealAtlasAndOoniFilesAndDeadLetterABadFile(@TempDir final Path dir) throws Exception {
        final Path atlas = SharedData.file("ripe-atlas/probe-connection-events-msm7000/disco_kenya_msm7000_2016-06.jsonl");
        final Path ooni = SharedData.file("ooni/backend-fastpath-fixtures/web_connectivity_ir_fp.json");
        final Path fingerprints = SharedData.file("ooni/backend-fastpath-fixtures/fingerprints_dns.json");
        final Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"test_name\":\"web_connectivity\"}\nnot json\n");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final String[] connection = {"--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", REGISTRY};

            assertThat(run(out, err, concat(new String[] {"atlas", "--create-topics"}, connection, atlas.toString())))
                    .as(err.toString()).isZero();
            assertThat(run(out, err, concat(new String[] {"ooni", "--fingerprints", fingerprints.toString()}, connection,
                    ooni.toString(), bad.toString()))).as(err.toString()).isZero();

            final TopicCatalog catalog = TopicCatalog.create(Map.of(Settings.SCHEMA_REGISTRY_URL, REGISTRY),
                    TopicCatalog.DEFAULT_PARTITIONS);
            final List<ConsumerRecord<String, ConnectionEvent>> events = Topics.read(kafka.bootstrapServers(),
                    catalog.atlasConnections(), KENYA_EVENTS);
            assertThat(events).hasSize(KENYA_EVENTS)
                    .allSatisfy(r -> assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME));
            final List<ConsumerRecord<String, ProbeResult>> results = Topics.readEvents(kafka.bootstrapServers(),
                    catalog, catalog.probeResults(), 1);
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("AS197207/www.facebook.com");
                assertThat(r.value().getOutcome()).isEqualTo(ProbeOutcome.DNS_FAILURE);
                assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            });
            final List<ConsumerRecord<String, DeadLetter>> deadLetters = Topics.read(kafka.bootstrapServers(),
                    catalog.deadLetters(), 2);
            assertThat(deadLetters).hasSize(2);
            assertThat(deadLetters).extracting(r -> r.value().getOrigin())
                    .containsExactlyInAnyOrder(bad + ":1", bad + ":2");
            assertThat(deadLetters).extracting(r -> r.value().getStage()).containsOnly(OoniCommand.STAGE);
            assertThat(deadLetters).extracting(r -> r.value().getReason()).anySatisfy(reason ->
                    assertThat(reason).isEqualTo("OONI web_connectivity measurement without 'probe_asn'"))
                    .anySatisfy(reason -> assertThat(reason).startsWith("Invalid JSON"));

            final Path first = Files.writeString(dir.resolve("a.csv"), series("a", 0, 10, 20));
            final Path second = Files.writeString(dir.resolve("b.csv"), series("a", 5, 15, 25));
            assertThat(run(out, err, concat(new String[] {"replay", "--format", "series", "--signal", "s"}, connection,
                    first.toString(), second.toString()))).as(err.toString()).isZero();
            final List<ConsumerRecord<String, SignalPoint>> points = Topics.read(kafka.bootstrapServers(),
                    catalog.signalPoints(), 6);
            assertThat(points).hasSize(6)
                    .allSatisfy(r -> assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME));
            assertThat(points).extracting(r -> r.value().getWindowStart()).isSorted();

            kafka.createTopic(FlowsKafkaCommand.DEFAULT_TOPIC, 1, false);
            final List<String> flows = new ArrayList<>(Files.readAllLines(
                    Path.of(FileIngestIntegrationTest.class.getResource("/traffic/goflow2.jsonl").toURI())));
            flows.add("not json");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                for (final String flow : flows) {
                    producer.send(new ProducerRecord<>(FlowsKafkaCommand.DEFAULT_TOPIC, flow));
                }
            }
            final Path table = Files.writeString(dir.resolve("ipasn.dat"), "192.0.2.0/24\t64500\n198.51.100.0/24\t64501\n"
                    + "203.0.113.0/24\t64502\n2001:db8::/32\t64503\n");
            assertThat(run(out, err, concat(new String[] {"flows-kafka", "--grace", "1s", "--idle", "30s", "--max-records",
                    String.valueOf(flows.size()), "--prefix-table", table.toString()}, connection))).as(err.toString()).isZero();
            final List<ConsumerRecord<String, TrafficSample>> samples = Topics.readEvents(kafka.bootstrapServers(),
                    catalog, catalog.trafficSamples(), 6);
            assertThat(samples).hasSize(6).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("AS64500", "AS64501", "AS64502", "AS64503", "AS64500", "AS64502");
            final List<ConsumerRecord<String, DeadLetter>> flowLetters = Topics.read(kafka.bootstrapServers(),
                    catalog.deadLetters(), 6);
            assertThat(flowLetters).extracting(r -> r.value().getOrigin())
                    .filteredOn(origin -> origin.startsWith(FlowsKafkaCommand.DEFAULT_TOPIC + "/0@")).hasSize(4);
        }
    }

    private static String series(final String entity, final int... minutes) {
        final StringBuilder text = new StringBuilder("timestamp,entity,value\n");
        for (final int minute : minutes) {
            text.append(T0.plus(Duration.ofMinutes(minute))).append(',').append(entity).append(",1\n");
        }
        return text.toString();
    }

    private static String[] concat(final String[] head, final String[] middle, final String... tail) {
        final String[] all = new String[head.length + middle.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(middle, 0, all, head.length, middle.length);
        System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
        return all;
    }
}
