package org.outagewatch.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.outagewatch.ingest.publish.Topics;
import org.outagewatch.ingest.synthetic.WorldSpec;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.RetentionCheck;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;
import org.outagewatch.schemas.topic.TopicLayout;
import picocli.CommandLine;

/**
 * Ingest against a real broker: it refuses, in one line, a topic whose settings would delete the (years-old) event
 * times it writes; and two namespaces on one cluster get their own topics.
 */
class TopicRetentionIntegrationTest {
    private static final String REGISTRY = "mock://topic-retention-it";
    private static final int ASNS = 2;
    private static final String WEEK = "604800000";
    private static final Instant T0 = Instant.parse("2024-03-05T00:00:00Z");
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    /** {@code ingest synthetic} of the first {@code minutes} of 5 March 2024 with more arguments. */
    private static int synthetic(final StringWriter out, final StringWriter err, final int minutes, final String... more) {
        final CommandLine cli = IngestCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        final List<String> args = new ArrayList<>(List.of("synthetic", "--bootstrap-servers", kafka.bootstrapServers(),
                "--schema-registry-url", REGISTRY, "--asns", String.valueOf(ASNS), "--days", "2",
                "--from", T0.toString(), "--to", T0.plusSeconds(60L * minutes).toString()));
        args.addAll(List.of(more));
        return cli.execute(args.toArray(String[]::new));
    }

    @Test
    void shouldRefuseInOneLineATopicThatWouldDeleteOldEventTimes() throws Exception {
        try (Admin admin = kafka.admin()) {
            admin.createTopics(List.of(new NewTopic("refused.probe-results", 1, (short) 1).configs(Map.of(
                    TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime", TopicConfig.RETENTION_MS_CONFIG, WEEK))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        final int exit = synthetic(out, err, 10, "--namespace", "refused");

        assertThat(exit).isEqualTo(CliErrors.FAILURE);
        assertThat(err.toString().strip()).doesNotContain("\n")
                .startsWith("ingest synthetic: Topic refused.probe-results would delete what outagewatch writes")
                .contains("message.timestamp.type=CreateTime", "retention.ms=" + WEEK,
                        "--add-config message.timestamp.type=LogAppendTime");
        assertThat(out.toString()).doesNotContain("published:");
        try (Admin admin = kafka.admin()) {
            // refused before anything was sent: the missing topics were not auto-created by a producer
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("refused.traffic-samples");
        }
    }

    @Test
    void shouldKeepTwoNamespacesApartOnOneCluster() throws Exception {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        assertThat(synthetic(out, err, 10, "--namespace", "a", "--create-topics")).as(err.toString()).isZero();
        assertThat(synthetic(out, err, 5, "--namespace", "b", "--create-topics", "--no-metadata")).as(err.toString()).isZero();

        final Set<String> names;
        try (Admin admin = kafka.admin()) {
            names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
        assertThat(names).contains("a.probe-results", "a.asn-metadata", "a.incidents", "b.probe-results")
                .doesNotContain("probe-results");
        try (Admin admin = kafka.admin()) {
            final ConfigResource probes = new ConfigResource(ConfigResource.Type.TOPIC, "a.probe-results");
            final ConfigResource metadata = new ConfigResource(ConfigResource.Type.TOPIC, "a.asn-metadata");
            final Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(probes, metadata)).all()
                    .get(30, TimeUnit.SECONDS);
            assertThat(configs.get(probes).get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value()).isEqualTo("LogAppendTime");
            assertThat(configs.get(probes).get(TopicConfig.RETENTION_MS_CONFIG).value())
                    .isEqualTo(Long.toString(TopicLayout.DEFAULT_RETENTION.toMillis()));
            assertThat(configs.get(metadata).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            assertThat(RetentionCheck.check(admin, catalog("a").all().stream().map(Topic::name).toList(),
                    Duration.ofSeconds(30))).isEmpty();
        }
        final int perMinute = ASNS * WorldSpec.DEFAULT_PROBES_PER_ASN;
        final List<ConsumerRecord<String, ProbeResult>> a = Topics.readEvents(kafka.bootstrapServers(), catalog("a"), catalog("a").probeResults(),
                10 * perMinute);
        final List<ConsumerRecord<String, ProbeResult>> b = Topics.readEvents(kafka.bootstrapServers(), catalog("b"), catalog("b").probeResults(),
                5 * perMinute);
        assertThat(a).hasSize(10 * perMinute).allSatisfy(r ->
                assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME));
        assertThat(b).hasSize(5 * perMinute);
        assertThat(Topics.read(kafka.bootstrapServers(), catalog("b").asnMetadata(), 0)).isEmpty();
        assertThat(Topics.read(kafka.bootstrapServers(), catalog("a").asnMetadata(), ASNS)).hasSize(ASNS);
    }

    private static TopicCatalog catalog(final String namespace) {
        return TopicCatalog.create(Map.of(Settings.SCHEMA_REGISTRY_URL, REGISTRY),
                TopicLayout.from(Settings.of(Map.of(TopicLayout.NAMESPACE, namespace)), TopicCatalog.DEFAULT_PARTITIONS));
    }
}
