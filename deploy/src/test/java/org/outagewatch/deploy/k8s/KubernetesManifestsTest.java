package org.outagewatch.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.detector.api.ApiServer;
import org.outagewatch.detector.api.ApiSettings;
import org.outagewatch.detector.app.BoundedRocksDbMemory;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.app.Standbys;
import org.outagewatch.detector.app.StaticMembership;
import org.outagewatch.detector.app.StuckPartitionWatch;
import org.outagewatch.detector.metrics.DetectorMetrics;
import org.outagewatch.detector.topology.DetectorTopology;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicCatalog;
import org.outagewatch.schemas.topic.TopicLayout;

/**
 * The Kubernetes manifests of deploy/k8s, parsed, against the app they run: the settings a pod gets (the ConfigMap's
 * properties file and the StatefulSet's environment, merged by {@link Settings} as {@code detect} merges them) are
 * settings the detector knows, its state directory is on the persistent volume, its API port is the container
 * port, the probe paths answer on a real {@link ApiServer}, and the replica, standby and disruption counts fit
 * together.
 */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of("k8s");
    private static final String CONFIG_FILE = "detector.properties";
    private static List<JsonNode> docs;

    @BeforeAll
    static void read() throws IOException {
        final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (final Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
                    yaml.readValues(parser, JsonNode.class).readAll().stream().filter(d -> !d.isNull()).forEach(docs::add);
                }
            }
        }
    }

    private static JsonNode one(final String kind) {
        final List<JsonNode> found = docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        assertThat(found).as(kind + " in deploy/k8s").hasSize(1);
        return found.get(0);
    }

    private static JsonNode container() {
        return one("StatefulSet").path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static Properties properties() throws IOException {
        final Properties properties = new Properties();
        properties.load(new StringReader(one("ConfigMap").path("data").path(CONFIG_FILE).asText()));
        return properties;
    }

    /** The container's literal environment (values that are not {@code $(...)} references keep them as text). */
    private static Map<String, String> environment() {
        final Map<String, String> env = new HashMap<>();
        container().path("env").forEach(e -> {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        });
        return env;
    }

    /** What {@code detect --config <the ConfigMap's file>} reads in a pod: file, then environment, then the args. */
    private static Settings podSettings(final Path dir) throws IOException {
        final Path file = dir.resolve(CONFIG_FILE);
        Files.writeString(file, one("ConfigMap").path("data").path(CONFIG_FILE).asText());
        final List<String> args = new ArrayList<>();
        container().path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).as("detect with the mounted properties file").startsWith("detect")
                .containsSequence("--config", configMount() + "/" + CONFIG_FILE);
        return Settings.load(Map.of(), file, environment(), Map.of());
    }

    private static String configMount() {
        return mountOf(volumeOfConfigMap());
    }

    private static String volumeOfConfigMap() {
        final String configMap = one("ConfigMap").path("metadata").path("name").asText();
        for (final JsonNode volume : one("StatefulSet").path("spec").path("template").path("spec").path("volumes")) {
            if (volume.path("configMap").path("name").asText().equals(configMap)) {
                return volume.path("name").asText();
            }
        }
        throw new AssertionError("no volume of ConfigMap " + configMap);
    }

    private static String mountOf(final String volume) {
        for (final JsonNode mount : container().path("volumeMounts")) {
            if (mount.path("name").asText().equals(volume)) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("volume " + volume + " not mounted");
    }

    private static int containerPort(final String name) {
        for (final JsonNode port : container().path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port " + name);
    }

    @Test
    void shouldShipAStatefulSetAHeadlessServiceADisruptionBudgetAndAConfigMap() {
        final JsonNode set = one("StatefulSet");
        final Map<String, String> labels = labels(set.path("spec").path("template").path("metadata").path("labels"));
        assertThat(labels).containsAllEntriesOf(labels(set.path("spec").path("selector").path("matchLabels")));
        final JsonNode headless = docs.stream().filter(d -> d.path("kind").asText().equals("Service")
                && d.path("metadata").path("name").asText().equals(set.path("spec").path("serviceName").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no Service named by the StatefulSet's serviceName"));
        assertThat(headless.path("spec").path("clusterIP").asText()).as("headless").isEqualTo("None");
        assertThat(headless.path("spec").path("publishNotReadyAddresses").asBoolean())
                .as("a restoring instance stays reachable by the others").isTrue();
        assertThat(labels).containsAllEntriesOf(labels(headless.path("spec").path("selector")));
        assertThat(labels).containsAllEntriesOf(labels(one("PodDisruptionBudget").path("spec").path("selector")
                .path("matchLabels")));
        docs.stream().filter(d -> d.path("kind").asText().equals("Service")).forEach(service -> {
            assertThat(labels).containsAllEntriesOf(labels(service.path("spec").path("selector")));
            service.path("spec").path("ports").forEach(p -> assertThat(containerPort(p.path("targetPort").asText()))
                    .isEqualTo(p.path("port").asInt()));
        });
        // persistent state: a claim template mounted in the container
        final JsonNode claim = set.path("spec").path("volumeClaimTemplates").get(0);
        assertThat(claim).isNotNull();
        assertThat(mountOf(claim.path("metadata").path("name").asText())).isNotBlank();
    }

    @Test
    void shouldGiveThePodsSettingsTheDetectorKnows(@TempDir final Path dir) throws IOException {
        final Set<String> ours = Set.of(DetectorApp.DATA_DIR, DetectorApp.PARTITIONS, Standbys.REPLICAS, ApiSettings.PORT,
                ApiSettings.BIND_HOST, ApiSettings.ADVERTISED_HOST, StaticMembership.ENABLED, StaticMembership.INSTANCE_ID,
                TopicLayout.NAMESPACE, TopicLayout.RETENTION, StuckPartitionWatch.STUCK_AFTER,
                BoundedRocksDbMemory.MEMORY_CONFIG);
        final Set<String> kafka = new HashSet<>(StreamsConfig.configDef().names());
        kafka.addAll(ConsumerConfig.configNames());
        kafka.addAll(ProducerConfig.configNames());
        kafka.addAll(AdminClientConfig.configNames());
        final Settings settings = podSettings(dir);
        for (final String key : settings.asMap().keySet()) {
            if (key.startsWith(DetectorSettings.PREFIX)) {
                // DetectorSettings refuses a value it cannot read: give each of ours a wrong one
                assertThat(ours.contains(key) || refusesNonsense(settings, key)).as("a detector setting: " + key).isTrue();
            } else if (key.startsWith(Settings.OURS)) {
                assertThat(ours).as("a setting of the detector").contains(key);
            } else if (!key.startsWith("schema.registry.")) {
                assertThat(kafka).as("a Kafka Streams or client setting").contains(key);
            }
        }
        assertThat(settings.get(StaticMembership.INSTANCE_ID)).as("the pod name: a stable group.instance.id")
                .isEqualTo("$(POD_NAME)");
        assertThat(settings.get(ApiSettings.ADVERTISED_HOST)).as("the pod's DNS name in the headless Service")
                .startsWith("$(POD_NAME)." + one("StatefulSet").path("spec").path("serviceName").asText() + ".");
    }

    private static boolean refusesNonsense(final Settings settings, final String key) {
        final Map<String, String> changed = new HashMap<>(settings.asMap());
        changed.put(key, "not-a-value");
        try {
            DetectorSettings.from(Settings.of(changed));
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    @Test
    void shouldKeepStateOnTheVolumeAndServeTheApiOnTheContainerPort(@TempDir final Path dir) throws IOException {
        final Settings settings = podSettings(dir);
        final Properties streams = DetectorApp.streamsProperties(settings, DetectorApp.catalog(settings));
        final String stateDir = streams.getProperty(StreamsConfig.STATE_DIR_CONFIG);
        final JsonNode claim = one("StatefulSet").path("spec").path("volumeClaimTemplates").get(0);
        assertThat(Path.of(stateDir)).as("the state directory is on the persistent volume")
                .startsWithRaw(Path.of(mountOf(claim.path("metadata").path("name").asText())));
        assertThat(settings.get(DetectorApp.DATA_DIR)).as("the ConfigMap and the environment agree")
                .isEqualTo(properties().getProperty(DetectorApp.DATA_DIR));

        final int port = ApiSettings.from(settings).port();
        assertThat(port).as("the API port is the container port").isEqualTo(containerPort("http"));
        assertThat(port).as("the image's EXPOSE").isEqualTo(ApiSettings.DEFAULT_PORT);
        assertThat(Files.readString(Path.of("Dockerfile"))).contains("EXPOSE " + port);
        final JsonNode annotations = one("StatefulSet").path("spec").path("template").path("metadata").path("annotations");
        assertThat(annotations.path("prometheus.io/port").asInt()).isEqualTo(port);
    }

    @Test
    void shouldFitReplicasStandbysAndTheDisruptionBudgetTogether(@TempDir final Path dir) throws IOException {
        final Settings settings = podSettings(dir);
        final Properties streams = DetectorApp.streamsProperties(settings, DetectorApp.catalog(settings));
        final int replicas = one("StatefulSet").path("spec").path("replicas").asInt();
        final int standbys = Integer.parseInt(streams.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG).toString());
        final int threads = Integer.parseInt(streams.getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1"));
        final int partitions = settings.getInt(DetectorApp.PARTITIONS, TopicCatalog.DEFAULT_PARTITIONS);
        assertThat(streams.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)).as("one application id for every pod")
                .isEqualTo(properties().getProperty(StreamsConfig.APPLICATION_ID_CONFIG)).isNotBlank();
        assertThat(standbys).as("a warm standby per task, on another pod").isBetween(1, replicas - 1);
        assertThat(one("PodDisruptionBudget").path("spec").path("maxUnavailable").asInt())
                .as("a drain leaves every task a warm copy").isBetween(1, standbys);
        assertThat(partitions).as("every stream thread of every pod gets a partition").isGreaterThanOrEqualTo(replicas * threads);
        final long grace = one("StatefulSet").path("spec").path("template").path("spec")
                .path("terminationGracePeriodSeconds").asLong();
        assertThat(Duration.ofSeconds(grace)).as("a clean shutdown fits").isGreaterThan(DetectorApp.CLOSE_TIMEOUT);
    }

    @Test
    void shouldProbePathsTheApiServes(@TempDir final Path dir) throws Exception {
        final JsonNode readiness = container().path("readinessProbe").path("httpGet");
        final JsonNode liveness = container().path("livenessProbe").path("httpGet");
        assertThat(containerPort(readiness.path("port").asText())).isEqualTo(containerPort("http"));
        assertThat(containerPort(liveness.path("port").asText())).isEqualTo(containerPort("http"));

        // the pod's own streams configuration, not started (state CREATED), behind a real API server
        final Map<String, String> values = new HashMap<>(podSettings(dir).asMap());
        values.put(Settings.BOOTSTRAP_SERVERS, "localhost:1");
        values.put(DetectorApp.DATA_DIR, dir.resolve("data").toString());
        values.put(ApiSettings.PORT, "0");
        values.put(ApiSettings.ADVERTISED_HOST, "localhost");
        values.remove(StaticMembership.INSTANCE_ID);
        final Settings settings = Settings.of(values);
        final TopicCatalog topics = DetectorApp.catalog(settings);
        final Topology topology = DetectorTopology.build(DetectorSettings.from(settings), topics);
        final Properties props = DetectorApp.streamsProperties(settings, topics);
        try (ApiServer api = ApiServer.bind(ApiSettings.from(settings))) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + api.port());
            final KafkaStreams streams = new KafkaStreams(topology, props);
            final DetectorMetrics metrics = new DetectorMetrics(streams, topology);
            try {
                api.start(streams, metrics);
                final HttpClient http = HttpClient.newHttpClient();
                for (final JsonNode probe : List.of(readiness, liveness)) {
                    final HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + api.port() + probe.path("path").asText())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).as(probe.path("path").asText() + " before the client runs: not up")
                            .isEqualTo(503);
                    assertThat(answer.body()).as("a health answer, not a missing route").contains("\"state\":\"CREATED\"");
                }
                assertThat(readiness.path("path").asText()).as("readiness: RUNNING only").isEqualTo("/api/ready");
                assertThat(liveness.path("path").asText()).as("liveness: RUNNING or REBALANCING").isEqualTo("/api/health");
            } finally {
                streams.close(Duration.ofSeconds(10));
                metrics.close();
            }
        }
    }

    private static Map<String, String> labels(final JsonNode node) {
        final Map<String, String> labels = new HashMap<>();
        if (node instanceof MissingNode) {
            return labels;
        }
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}
