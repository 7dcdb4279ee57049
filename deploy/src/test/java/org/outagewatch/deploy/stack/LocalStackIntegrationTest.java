package org.outagewatch.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.deploy.cli.ExitCodes;
import org.outagewatch.schemas.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack from the built artifacts: the broker process runs from deploy/broker/target/lib and the CLI
 * from deploy/target/outagewatch.jar (failsafe passes both paths), into a temporary data directory on free ports.
 */
class LocalStackIntegrationTest {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStackIntegrationTest.class);
    private static final String TOPIC = "stack-check";
    private static final String SUBJECT = TOPIC + "-value";
    private static final Duration POLL_LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private LocalStack stack;

    @AfterEach
    void stopTheStack() {
        if (stack != null) {
            stack.stop();
        }
    }

    private StackConfig config(final int kafkaPort) {
        final Map<String, String> settings = new HashMap<>();
        settings.put(StackConfig.DATA_DIR, dataDir.toString());
        settings.put(StackConfig.BROKER_LIB, required(StackConfig.BROKER_LIB));
        settings.put(StackConfig.DISTRIBUTION_JAR, required(StackConfig.DISTRIBUTION_JAR));
        settings.put(StackConfig.KAFKA_PORT, Integer.toString(kafkaPort));
        settings.put(StackConfig.CONTROLLER_PORT, Integer.toString(Ports.findFree()));
        settings.put(StackConfig.REGISTRY_PORT, Integer.toString(Ports.findFree()));
        settings.put(StackConfig.KAFKA_HEAP, "512m");
        settings.put(StackConfig.START_TIMEOUT_SECONDS, "60");
        return StackConfig.from(Settings.of(settings), dataDir);
    }

    private static String required(final String property) {
        final String value = System.getProperty(property);
        assertThat(value).as("system property %s (set by failsafe)", property).isNotBlank();
        return value;
    }

    @Test
    void shouldRunBrokerAndRegistryAsProcessesAndKeepTheirDataAcrossRestarts() throws Exception {
        stack = new LocalStack(config(Ports.findFree()));

        final List<StartOutcome> started = stack.start();
        final StartOutcome first = started.get(0);
        LOG.info("Fresh broker (format + start) ready in {} ms, registry in {} ms", first.took().toMillis(),
                started.get(1).took().toMillis());
        assertThat(started).extracting(o -> o.status().name())
                .containsExactly(KafkaBroker.NAME, SchemaRegistryService.NAME);
        assertThat(started).noneMatch(StartOutcome::alreadyRunning);
        final long pid = first.status().pid().orElseThrow();
        assertThat(stack.status().allRunning()).isTrue();
        assertThat(stack.config().kafkaLogDirs().resolve("meta.properties")).exists();
        assertThat(stack.config().logsDir().resolve("kafka.log")).content().contains("Kafka Server started");
        assertThat(new SchemaRegistryService(stack.config()).runtimeJar()).hasSameBinaryContentAs(stack.config().distributionJar());

        final StartOutcome again = stack.start().get(0);
        assertThat(again.alreadyRunning()).isTrue();
        assertThat(again.status().pid()).hasValue(pid);

        final CliRun status = cli("stack", "status");
        assertThat(status.exitCode()).as("stack status: %s%s", status.out(), status.err()).isEqualTo(ExitCodes.OK);
        assertThat(status.out()).contains("kafka").contains("running  pid " + pid)
                .contains(Integer.toString(stack.config().kafkaPort()))
                .contains(Integer.toString(stack.config().registryPort()));

        createTopic();
        final String value = "probe-" + UUID.randomUUID();
        produce(value);
        assertThat(consumeAll()).contains(value);
        assertThat(registry("POST", "/subjects/" + SUBJECT + "/versions", "{\"schema\": \"\\\"string\\\"\"}"))
                .contains("\"id\"");

        final List<StopOutcome> stops = stack.stop();
        assertThat(stops).extracting(StopOutcome::name).containsExactly(SchemaRegistryService.NAME, KafkaBroker.NAME);
        assertThat(stops).allMatch(StopOutcome::wasRunning).noneMatch(StopOutcome::killed);
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(stack.status().allRunning()).isFalse();

        final StartOutcome resumed = stack.start().get(0);
        LOG.info("Broker restart on kept data ready in {} ms", resumed.took().toMillis());
        assertThat(resumed.alreadyRunning()).isFalse();
        assertThat(resumed.status().pid().orElseThrow()).isNotEqualTo(pid);
        assertThat(consumeAll()).contains(value);
        assertThat(registry("GET", "/subjects", null)).contains(SUBJECT);
    }

    @Test
    void shouldRefuseABusyKafkaPortWithOneClearLine() throws Exception {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getByName(PortBinding.HOST))) {
            stack = new LocalStack(config(holder.getLocalPort()));

            assertThatThrownBy(() -> stack.start())
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("Port " + holder.getLocalPort())
                    .hasMessageContaining("--kafka-port");
            assertThat(stack.status().allRunning()).isFalse();

            final CliRun run = cli("stack", "start");
            assertThat(run.exitCode()).isEqualTo(ExitCodes.PORT_IN_USE);
            // besides the one line a command says where its log file is, at start
            assertThat(run.err().lines().filter(line -> !line.isBlank() && !line.startsWith("outagewatch: logs in ")).toList())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("Port " + holder.getLocalPort()).contains("--kafka-port");
            assertThat(stack.config().runDir().resolve("kafka.pid")).doesNotExist();
        }
    }

    private void createTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private void produce(final String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "key", value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** Reads the topic from the beginning with a fresh group until a record arrives or the limit passes. */
    private List<String> consumeAll() {
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "stack-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(Set.of(TOPIC));
            final long deadline = System.nanoTime() + POLL_LIMIT.toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    /** One request to the stack's registry; returns the body of a 200 answer. */
    private String registry(final String method, final String path, final String body) throws IOException, InterruptedException {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(stack.registryUrl() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10)).build();
        final HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(200);
        return response.body();
    }

    /** Runs the distribution jar against this test's data directory and ports. */
    private CliRun cli(final String... args) throws IOException, InterruptedException {
        final StackConfig config = stack.config();
        final List<String> command = new ArrayList<>(List.of(KafkaBroker.javaExecutable(), "-jar",
                config.distributionJar().toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--data-dir", config.dataDir().toString(),
                "--kafka-port", Integer.toString(config.kafkaPort()),
                "--controller-port", Integer.toString(config.controllerPort()),
                "--registry-port", Integer.toString(config.registryPort())));
        final Path out = dataDir.resolve("cli.out");
        final Path err = dataDir.resolve("cli.err");
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the CLI finishes").isTrue();
        return new CliRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record CliRun(int exitCode, String out, String err) {
    }
}
