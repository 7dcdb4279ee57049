package org.outagewatch.deploy.stack;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local Kafka broker: one KRaft node that is broker and controller at once, listening on 127.0.0.1, run
 * as {@code java -cp <broker lib>/* kafka.Kafka server.properties} with Log4j 2 writing {@code logs/kafka.log}.
 * Consumes the {@link StackConfig}; produces the {@link ServiceSpec} the supervisor runs. Before a fresh start
 * it rewrites {@code server.properties} and {@code log4j2.xml} (so port changes apply) and, the first time
 * only, formats the storage with {@code kafka.tools.StorageTool format --standalone} and a new cluster id.
 */
public final class KafkaBroker {
    public static final String NAME = "kafka";
    static final String MAIN_CLASS = "kafka.Kafka";
    static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    static final int NODE_ID = 1;
    private static final String LOG4J_TEMPLATE = "broker-log4j2.xml";
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(120);
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    private final StackConfig config;

    public KafkaBroker(final StackConfig config) {
        this.config = config;
    }

    public ServiceSpec spec() {
        return new ServiceSpec(NAME, command(), config.kafkaDir(), consoleLog(), logFile(),
                new PidFile(config.runDir().resolve(NAME + ".pid")),
                List.of(config.kafkaBinding(), config.controllerBinding()),
                this::prepare, new KafkaReadiness(config.kafkaPort()),
                config.startTimeout(), config.stopTimeout(), Map.of());
    }

    /** The broker's Log4j 2 log. */
    public Path logFile() {
        return config.logsDir().resolve("kafka.log");
    }

    /** The broker process's stdout and stderr (JVM errors before Log4j starts end up here). */
    public Path consoleLog() {
        return config.logsDir().resolve("kafka.out");
    }

    public Path serverPropertiesFile() {
        return config.kafkaDir().resolve("server.properties");
    }

    public Path log4jConfigFile() {
        return config.kafkaDir().resolve("log4j2.xml");
    }

    /** True once the log dirs have been formatted (then the data is kept across restarts). */
    public boolean isFormatted() {
        return Files.isRegularFile(config.kafkaLogDirs().resolve("meta.properties"));
    }

    List<String> command() {
        final List<String> command = new ArrayList<>(jvm());
        command.add("-Xms256m");
        command.add("-Xmx" + config.kafkaHeap());
        // the G1 settings of Kafka's own start scripts
        command.add("-XX:+UseG1GC");
        command.add("-XX:MaxGCPauseMillis=20");
        command.add("-XX:InitiatingHeapOccupancyPercent=35");
        command.add("-XX:+ExplicitGCInvokesConcurrent");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Dlog4j2.configurationFile=" + log4jConfigFile());
        command.add("-Dkafka.logs.dir=" + config.logsDir());
        command.add(MAIN_CLASS);
        command.add(serverPropertiesFile().toString());
        return command;
    }

    private List<String> jvm() {
        return List.of(javaExecutable(), "-Doutagewatch.service=" + NAME, "-Djava.awt.headless=true",
                "-cp", config.brokerLib().resolve("*").toString());
    }

    /** The broker configuration: combined mode, loopback listeners, every replication factor 1. */
    public static Map<String, String> serverProperties(final StackConfig config) {
        final Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.bootstrap.servers", config.controllerBinding().address());
        p.put("listeners", "PLAINTEXT://" + config.kafkaBinding().address()
                + ",CONTROLLER://" + config.controllerBinding().address());
        p.put("advertised.listeners", "PLAINTEXT://" + config.kafkaBinding().address()
                + ",CONTROLLER://" + config.controllerBinding().address());
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", config.kafkaLogDirs().toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        // one node: 10 instead of 50 coordinator partitions makes the first consumer group start faster
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // a topic created by a producer (not by --create-topics, the demo or the benchmark, which state their own settings)
        // stamps ingestion time too, so that the broker's retention never deletes replayed history on arrival;
        // Kafka Streams sets CreateTime on its internal topics itself
        p.put("log.message.timestamp.type", "LogAppendTime");
        p.putAll(config.brokerOverrides());
        return p;
    }

    static String render(final Map<String, String> properties) {
        final StringBuilder text = new StringBuilder(1024)
                .append("# Written by outagewatch stack start on every fresh start; edit the settings instead.\n");
        properties.forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
        return text.toString();
    }

    private static String escape(final String value) {
        return value.replace("\\", "\\\\");
    }

    private void prepare() {
        if (!hasKafkaJar(config.brokerLib())) {
            throw new StackSetupException("No Kafka broker jars in " + config.brokerLib()
                    + "; build them with `mvn -B -DskipTests install -pl deploy -am` (the ./outagewatch launcher does)"
                    + " or point " + StackConfig.BROKER_LIB + " at them");
        }
        try {
            Files.createDirectories(config.kafkaLogDirs());
            Files.createDirectories(config.logsDir());
            Files.writeString(serverPropertiesFile(), render(serverProperties(config)), StandardCharsets.UTF_8);
            try (InputStream template = KafkaBroker.class.getResourceAsStream(LOG4J_TEMPLATE)) {
                if (template == null) {
                    throw new StackSetupException("Resource " + LOG4J_TEMPLATE + " is missing from the distribution");
                }
                Files.write(log4jConfigFile(), template.readAllBytes());
            }
        } catch (IOException e) {
            throw new StackSetupException("Cannot write the broker configuration in " + config.kafkaDir() + ": "
                    + e.getMessage(), e);
        }
        if (!isFormatted()) {
            format();
        }
    }

    private void format() {
        final String clusterId = Uuid.randomUuid().toString();
        final List<String> command = new ArrayList<>(jvm());
        command.add("-Dlog4j2.configurationFile=" + log4jConfigFile());
        command.add("-Dkafka.logs.dir=" + config.logsDir());
        command.addAll(List.of(STORAGE_TOOL, "format", "--standalone", "--cluster-id", clusterId,
                "--config", serverPropertiesFile().toString()));
        LOG.info("Formatting Kafka storage in {} (cluster id {})", config.kafkaLogDirs(), clusterId);
        try {
            final Process process = new ProcessBuilder(command)
                    .directory(config.kafkaDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(consoleLog().toFile()))
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(FORMAT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new StackSetupException("Formatting Kafka storage took longer than "
                        + FORMAT_TIMEOUT.toSeconds() + " s; see " + consoleLog());
            }
            if (process.exitValue() != 0) {
                throw new StackSetupException("Formatting Kafka storage in " + config.kafkaLogDirs()
                        + " failed with exit code " + process.exitValue() + "; see " + consoleLog());
            }
        } catch (IOException e) {
            throw new StackSetupException("Cannot run the Kafka storage tool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackSetupException("Interrupted while formatting Kafka storage", e);
        }
    }

    private static boolean hasKafkaJar(final Path lib) {
        if (!Files.isDirectory(lib)) {
            return false;
        }
        try (Stream<Path> files = Files.list(lib)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("kafka_2.13-"));
        } catch (IOException e) {
            return false;
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
