package org.outagewatch.deploy.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.deploy.cli.OutageWatchCli;
import org.outagewatch.deploy.console.LatestPerKey;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.registry.RegistryClientConfig;
import org.outagewatch.schemas.registry.server.RegistryServer;
import org.outagewatch.schemas.registry.server.RegistryServerConfig;
import org.outagewatch.schemas.testing.SaslSslKafka;
import org.outagewatch.schemas.testing.TestCertificates;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Every command on a secured cluster, configured only through one properties file (the keys
 * docs/OPERATIONS.md lists under "Security settings"): a broker whose only client listener is SASL_SSL with
 * SCRAM-SHA-512 and a registry that serves HTTPS and asks for basic authentication, with certificates made in the
 * test. {@code ingest synthetic} creates the topics and publishes a small seeded world, the detector turns it into
 * signal points and alerts, {@code incidents} and {@code watch} read them back; a wrong password, a trust store
 * of another authority and wrong registry credentials each fail in one line that names the cause. The broker runs
 * KRaft's {@code StandardAuthorizer}, and each component (registry, ingest, detector, console) has its own SCRAM
 * user with exactly the ACLs docs/OPERATIONS.md lists.
 */
class SecureClusterIntegrationTest {
    private static final Logger LOG = LoggerFactory.getLogger(SecureClusterIntegrationTest.class);
    private static final String INGEST = "ingest";
    private static final String DETECTOR = "detector";
    private static final String CONSOLE = "console";
    private static final String PASSWORD = "outagewatch-kafka-secret";
    private static final String APPLICATION_ID = "outagewatch-secure-it";
    private static final String REGISTRY_USER = "registry";
    private static final String REGISTRY_PASSWORD = "registry-kafka-secret";
    private static final String REGISTRY_CREDENTIALS = "outagewatch:registry-http-secret";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static SaslSslKafka kafka;
    private static RegistryServer registry;
    /** The settings of {@code ingest}, the detector and the console commands: one principal each. */
    private static Path clientProperties;
    private static Path detectorProperties;
    private static Path consoleProperties;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create(dir);
        kafka = SaslSslKafka.start(certs, Map.of(INGEST, PASSWORD, DETECTOR, PASSWORD, CONSOLE, PASSWORD,
                REGISTRY_USER, REGISTRY_PASSWORD), true);
        grantTheDocumentedAcls();
        final Map<String, String> server = new HashMap<>(kafka.clientConfig(REGISTRY_USER, REGISTRY_PASSWORD));
        server.put(RegistryServerConfig.PORT, "0");
        server.put(RegistryServerConfig.USER_INFO, REGISTRY_CREDENTIALS);
        server.put(RegistryServerConfig.SSL_KEYSTORE_LOCATION, certs.serverKeystore().toString());
        server.put(RegistryServerConfig.SSL_KEYSTORE_PASSWORD, TestCertificates.PASSWORD);
        registry = RegistryServer.start(RegistryServerConfig.from(Settings.of(server)));

        final Map<String, String> client = new HashMap<>(kafka.clientConfig(INGEST, PASSWORD));
        client.put(Settings.SCHEMA_REGISTRY_URL, registry.url());
        client.put(RegistryClientConfig.CREDENTIALS_SOURCE, "USER_INFO");
        client.put(RegistryClientConfig.USER_INFO, REGISTRY_CREDENTIALS);
        client.put("schema.registry.ssl.truststore.location", certs.truststore().toString());
        client.put("schema.registry.ssl.truststore.password", TestCertificates.PASSWORD);
        // two partitions per topic: fewer tasks on a small world (ingest and the detector read different keys)
        client.put(DetectorApp.PARTITIONS, "2");
        client.put(Settings.OURS + "partitions", "2");
        client.put(DetectorApp.DATA_DIR, dir.resolve("data").toString());
        client.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        // a one-day world: alerts after 6 hours of history instead of a day, to keep the test short
        client.put(DetectorSettings.PREFIX + "warm-up", "6h");
        clientProperties = write(dir.resolve("ingest.properties"), client);
        client.put(SaslConfigs.SASL_JAAS_CONFIG, SaslSslKafka.jaas(DETECTOR, PASSWORD));
        detectorProperties = write(dir.resolve("detector.properties"), client);
        client.put(SaslConfigs.SASL_JAAS_CONFIG, SaslSslKafka.jaas(CONSOLE, PASSWORD));
        consoleProperties = write(dir.resolve("console.properties"), client);
    }

    /** The ACLs of docs/OPERATIONS.md, no more: the broker denies everything else. */
    private static void grantTheDocumentedAcls() throws Exception {
        final TopicCatalog t = DetectorApp.catalog(Settings.of(Map.of(Settings.SCHEMA_REGISTRY_URL, "mock://acl-names")));
        final List<AclBinding> acls = new ArrayList<>();
        allow(acls, DETECTOR, topics(t.probeResults(), t.trafficSamples(), t.routingUpdates(), t.atlasConnections(),
                t.signalPoints(), t.asnMetadata()), AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, DETECTOR, topics(t.signalPoints(), t.outageAlerts(), t.incidents(), t.deadLetters()),
                AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        allow(acls, DETECTOR, List.of(new ResourcePattern(ResourceType.TOPIC, APPLICATION_ID + "-", PatternType.PREFIXED)),
                AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS,
                AclOperation.DELETE);
        allow(acls, DETECTOR, List.of(new ResourcePattern(ResourceType.GROUP, APPLICATION_ID, PatternType.LITERAL)),
                AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, DETECTOR, List.of(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, APPLICATION_ID + "-", PatternType.PREFIXED)),
                AclOperation.WRITE, AclOperation.DESCRIBE);
        allow(acls, INGEST, topics(t.probeResults(), t.trafficSamples(), t.routingUpdates(), t.atlasConnections(),
                t.asnMetadata(), t.signalPoints(), t.deadLetters()), AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        allow(acls, INGEST, topics(t.all().toArray(Topic[]::new)), AclOperation.CREATE, AclOperation.DESCRIBE);
        allow(acls, CONSOLE, topics(t.outageAlerts(), t.incidents()), AclOperation.READ, AclOperation.DESCRIBE);
        allow(acls, REGISTRY_USER, List.of(new ResourcePattern(ResourceType.TOPIC, RegistryServerConfig.DEFAULT_TOPIC, PatternType.LITERAL)),
                AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
        try (Admin admin = Admin.create(new HashMap<>(kafka.superUserConfig()))) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static List<ResourcePattern> topics(final Topic<?, ?>... topics) {
        final List<ResourcePattern> patterns = new ArrayList<>();
        for (final Topic<?, ?> topic : topics) {
            patterns.add(new ResourcePattern(ResourceType.TOPIC, topic.name(), PatternType.LITERAL));
        }
        return patterns;
    }

    private static void allow(final List<AclBinding> acls, final String user, final List<ResourcePattern> resources,
                              final AclOperation... operations) {
        for (final ResourcePattern resource : resources) {
            for (final AclOperation operation : operations) {
                acls.add(new AclBinding(resource, new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
            }
        }
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

    @Test
    void shouldIngestDetectAndReadBackThroughSaslSslAndHttpsWithSettingsOnly() throws Exception {
        final Result ingest = cli("ingest", "synthetic", "--config", clientProperties.toString(), "--create-topics",
                "--asns", "2", "--days", "1", "--warm-up-hours", "8", "--probes-per-asn", "2", "--outages", "3", "--outage-minutes", "90-180",
                "--seed", "7");
        assertThat(ingest.exit()).as(ingest.toString()).isZero();
        assertThat(ingest.out()).contains("published:", "0 failed");

        final Settings settings = Settings.load(Map.of(), detectorProperties, Map.of(), Map.of());
        final Settings console = Settings.load(Map.of(), consoleProperties, Map.of(), Map.of());
        final TopicCatalog topics = DetectorApp.catalog(settings);
        Map<String, SignalPoint> points = Map.of();
        Map<String, OutageAlert> alerts = Map.of();
        try (DetectorApp detector = new DetectorApp(settings)) {
            detector.start();
            final long until = System.nanoTime() + DEADLINE.toNanos();
            while (alerts.isEmpty() && System.nanoTime() < until) {
                Thread.sleep(1_000);
                // as the detector's principal: it may read signal-points (its stage 2 input), not outage-alerts
                points = LatestPerKey.read(settings.kafkaConfig(), topics.signalPoints(), Duration.ofSeconds(20));
                alerts = LatestPerKey.read(console.kafkaConfig(), topics.outageAlerts(), Duration.ofSeconds(20));
            }
        }
        assertThat(points).as("signal points written over SASL_SSL").isNotEmpty();
        assertThat(alerts).as("alerts of the world's outages within %s", DEADLINE).isNotEmpty();
        assertThat(alerts.values()).allSatisfy(alert -> assertThat(alert.getEntity()).startsWith("AS"));

        final Result incidents = cli("incidents", "--config", consoleProperties.toString());
        assertThat(incidents.exit()).as(incidents.toString()).isZero();
        final Result watch = cli("watch", "--config", consoleProperties.toString(), "--from-beginning", "--exit-at-end", "--json");
        assertThat(watch.exit()).as(watch.toString()).isZero();
        assertThat(watch.out()).contains("\"type\":\"alert\"");
        // the authorizer is on: what the ACLs do not allow is refused
        try (Admin admin = Admin.create(new HashMap<>(console.kafkaConfig()))) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("not-allowed", 1, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThatThrownBy(() -> LatestPerKey.read(console.kafkaConfig(), topics.probeResults(), Duration.ofSeconds(10)))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void shouldRefuseAWrongKafkaPasswordInOneLine() throws Exception {
        final Result result = cli(smallIngest("--set", "sasl.jaas.config=" + SaslSslKafka.jaas(INGEST, "guess")));

        assertThat(result.exit()).isNotZero();
        assertThat(result.errLines()).as(result.toString()).hasSize(1);
        assertThat(result.errLines().get(0)).startsWith("outagewatch ingest synthetic: ").contains("Authentication failed");
    }

    @Test
    void shouldStopTheDetectorOnAWrongKafkaPasswordInOneLine() throws Exception {
        final Map<String, String> values = new HashMap<>(Settings.load(Map.of(), detectorProperties, Map.of(), Map.of()).asMap());
        values.put("sasl.jaas.config", SaslSslKafka.jaas(DETECTOR, "guess"));
        final Path wrong = write(dir.resolve("wrong-password.properties"), values);

        final Result result = cli("detect", "--config", wrong.toString(), "--api-port", "off");

        assertThat(result.exit()).isNotZero();
        assertThat(result.errLines()).as(result.toString()).hasSize(1);
        assertThat(result.errLines().get(0)).contains("Authentication failed");
    }

    @Test
    void shouldRefuseABrokerItDoesNotTrustInOneLine() throws Exception {
        final Result result = cli(smallIngest("--set", "ssl.truststore.location=" + certs.foreignTruststore()));

        assertThat(result.exit()).isNotZero();
        assertThat(result.errLines()).as(result.toString()).hasSize(1);
        assertThat(result.errLines().get(0)).startsWith("outagewatch ingest synthetic: ").contains("SSL handshake failed");
    }

    @Test
    void shouldRefuseWrongRegistryCredentialsInOneLine() throws Exception {
        final Result result = cli(smallIngest("--set", RegistryClientConfig.USER_INFO + "=outagewatch:guess"));

        assertThat(result.exit()).isNotZero();
        assertThat(result.errLines()).as(result.toString()).hasSize(1);
        assertThat(result.errLines().get(0)).startsWith("outagewatch ingest synthetic: ")
                .contains("The schema registry refused the credentials");
    }

    private static String[] smallIngest(final String... more) {
        final List<String> args = new ArrayList<>(List.of("ingest", "synthetic", "--config", clientProperties.toString(),
                "--create-topics", "--asns", "1", "--days", "2", "--outages", "0", "--probes-per-asn", "1",
                "--from", "2024-03-05T00:00:00Z", "--to", "2024-03-05T00:10:00Z"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    private static Result cli(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = OutageWatchCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        final int exit = cli.execute(args);
        err.toString().lines().filter(line -> !line.isBlank()).forEach(line -> LOG.info("{} said on stderr: {}", args[0], line));
        return new Result(exit, out.toString(), err.toString());
    }

    private static Path write(final Path file, final Map<String, String> values) throws IOException {
        final Properties properties = new Properties();
        properties.putAll(values);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "outagewatch on a SASL_SSL broker and an HTTPS registry");
        }
        return file;
    }
}
