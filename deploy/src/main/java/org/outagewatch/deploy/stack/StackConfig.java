package org.outagewatch.deploy.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.outagewatch.schemas.config.Settings;

/**
 * The local stack's configuration, read from {@link Settings} (defaults -> file -> environment -> flags) with
 * the keys below, and the layout of its data directory:
 * <pre>
 *   data-dir/kafka/server.properties, log4j2.xml, data/  (the broker's config and log dirs)
 *   data-dir/logs/kafka.log, kafka.out, registry.log     (logs and process output)
 *   data-dir/run/kafka.pid, registry.pid                 (PID files)
 * </pre>
 *
 * @param home             the checkout (see {@link ProjectHome})
 * @param dataDir          the data directory, default {@code home/.outagewatch}
 * @param kafkaPort        the broker's client listener, default 9092
 * @param controllerPort   the KRaft controller listener, default 9093
 * @param registryPort     the schema registry's HTTP port, default 8081
 * @param registryEnabled  whether the stack runs the schema registry
 * @param brokerLib        the broker's jars, default {@code home/deploy/broker/target/lib}
 * @param distributionJar  the outagewatch jar the registry runs from
 * @param kafkaHeap        the broker's maximum heap, a JVM size such as {@code 1g}
 * @param startTimeout     how long each service may take to become ready
 * @param stopTimeout      how long each service may take to stop after SIGTERM
 * @param brokerOverrides  extra broker properties ({@code outagewatch.stack.kafka.config.<property>})
 */
public record StackConfig(Path home, Path dataDir, int kafkaPort, int controllerPort, int registryPort,
                          boolean registryEnabled, Path brokerLib, Path distributionJar, String kafkaHeap,
                          Duration startTimeout, Duration stopTimeout, Map<String, String> brokerOverrides) {

    public static final String DATA_DIR = "outagewatch.stack.data.dir";
    public static final String KAFKA_PORT = "outagewatch.stack.kafka.port";
    public static final String CONTROLLER_PORT = "outagewatch.stack.controller.port";
    public static final String REGISTRY_PORT = "outagewatch.stack.registry.port";
    public static final String REGISTRY_ENABLED = "outagewatch.stack.registry.enabled";
    public static final String BROKER_LIB = "outagewatch.stack.broker.lib";
    public static final String DISTRIBUTION_JAR = "outagewatch.stack.distribution.jar";
    public static final String KAFKA_HEAP = "outagewatch.stack.kafka.heap";
    public static final String START_TIMEOUT_SECONDS = "outagewatch.stack.start.timeout.seconds";
    public static final String STOP_TIMEOUT_SECONDS = "outagewatch.stack.stop.timeout.seconds";
    public static final String BROKER_CONFIG_PREFIX = "outagewatch.stack.kafka.config.";

    public static final String DEFAULT_DATA_DIR = ".outagewatch";
    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_REGISTRY_PORT = 8081;
    public static final String DEFAULT_KAFKA_HEAP = "1g";
    public static final int DEFAULT_START_TIMEOUT_SECONDS = 90;
    public static final int DEFAULT_STOP_TIMEOUT_SECONDS = 30;

    public StackConfig {
        brokerOverrides = Map.copyOf(brokerOverrides);
        final Set<Integer> distinct = new HashSet<>();
        for (final PortBinding binding : allPorts(kafkaPort, controllerPort, registryPort)) {
            if (!distinct.add(binding.port())) {
                throw new IllegalArgumentException("Port " + binding.port() + " is configured twice; "
                        + KAFKA_PORT + ", " + CONTROLLER_PORT + " and " + REGISTRY_PORT + " must differ");
            }
        }
        if (!kafkaHeap.matches("[0-9]+[kKmMgG]?")) {
            throw new IllegalArgumentException("Setting " + KAFKA_HEAP + " must be a JVM size such as 1g or 768m, not '"
                    + kafkaHeap + "'");
        }
        if (startTimeout.isNegative() || startTimeout.isZero() || stopTimeout.isNegative() || stopTimeout.isZero()) {
            throw new IllegalArgumentException("Settings " + START_TIMEOUT_SECONDS + " and " + STOP_TIMEOUT_SECONDS
                    + " must be positive");
        }
    }

    /** Reads the stack settings; relative paths are resolved against {@code home}. */
    public static StackConfig from(final Settings settings, final Path home) {
        final Path absoluteHome = home.toAbsolutePath().normalize();
        final Map<String, String> overrides = new TreeMap<>();
        settings.asMap().forEach((key, value) -> {
            if (key.startsWith(BROKER_CONFIG_PREFIX) && key.length() > BROKER_CONFIG_PREFIX.length()) {
                overrides.put(key.substring(BROKER_CONFIG_PREFIX.length()), value);
            }
        });
        return new StackConfig(
                absoluteHome,
                resolve(absoluteHome, settings.get(DATA_DIR, DEFAULT_DATA_DIR)),
                settings.getInt(KAFKA_PORT, DEFAULT_KAFKA_PORT),
                settings.getInt(CONTROLLER_PORT, DEFAULT_CONTROLLER_PORT),
                settings.getInt(REGISTRY_PORT, DEFAULT_REGISTRY_PORT),
                parseBoolean(REGISTRY_ENABLED, settings.get(REGISTRY_ENABLED, "true")),
                resolve(absoluteHome, settings.get(BROKER_LIB, "deploy/broker/target/lib")),
                resolve(absoluteHome, settings.get(DISTRIBUTION_JAR, ProjectHome.runningJar()
                        .map(Path::toString).orElse("deploy/target/outagewatch.jar"))),
                settings.get(KAFKA_HEAP, DEFAULT_KAFKA_HEAP),
                Duration.ofSeconds(settings.getLong(START_TIMEOUT_SECONDS, DEFAULT_START_TIMEOUT_SECONDS)),
                Duration.ofSeconds(settings.getLong(STOP_TIMEOUT_SECONDS, DEFAULT_STOP_TIMEOUT_SECONDS)),
                overrides);
    }

    /** The defaults for a checkout. */
    public static StackConfig defaults(final Path home) {
        return from(Settings.of(Map.of()), home);
    }

    /** {@code 127.0.0.1:<kafka port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return kafkaBinding().address();
    }

    /** {@code http://127.0.0.1:<registry port>}, for {@code schema.registry.url}. */
    public String registryUrl() {
        return "http://" + registryBinding().address();
    }

    public PortBinding kafkaBinding() {
        return kafkaBinding(kafkaPort);
    }

    public PortBinding controllerBinding() {
        return controllerBinding(controllerPort);
    }

    public PortBinding registryBinding() {
        return registryBinding(registryPort);
    }

    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    /** The broker's {@code log.dirs}: the topic data. */
    public Path kafkaLogDirs() {
        return kafkaDir().resolve("data");
    }

    public Path logsDir() {
        return dataDir.resolve("logs");
    }

    public Path runDir() {
        return dataDir.resolve("run");
    }

    public StackConfig withPorts(final int kafka, final int controller, final int registry) {
        return new StackConfig(home, dataDir, kafka, controller, registry, registryEnabled, brokerLib, distributionJar,
                kafkaHeap, startTimeout, stopTimeout, brokerOverrides);
    }

    public StackConfig withDataDir(final Path directory) {
        return new StackConfig(home, directory.toAbsolutePath().normalize(), kafkaPort, controllerPort, registryPort,
                registryEnabled, brokerLib, distributionJar, kafkaHeap, startTimeout, stopTimeout, brokerOverrides);
    }

    public StackConfig withRegistryEnabled(final boolean enabled) {
        return new StackConfig(home, dataDir, kafkaPort, controllerPort, registryPort, enabled, brokerLib,
                distributionJar, kafkaHeap, startTimeout, stopTimeout, brokerOverrides);
    }

    private static List<PortBinding> allPorts(final int kafka, final int controller, final int registry) {
        return List.of(kafkaBinding(kafka), controllerBinding(controller), registryBinding(registry));
    }

    private static PortBinding kafkaBinding(final int port) {
        return new PortBinding("Kafka clients", port, "--kafka-port", KAFKA_PORT);
    }

    private static PortBinding controllerBinding(final int port) {
        return new PortBinding("KRaft controller", port, "--controller-port", CONTROLLER_PORT);
    }

    private static PortBinding registryBinding(final int port) {
        return new PortBinding("schema registry", port, "--registry-port", REGISTRY_PORT);
    }

    private static Path resolve(final Path home, final String path) {
        return home.resolve(path).toAbsolutePath().normalize();
    }

    private static boolean parseBoolean(final String key, final String value) {
        final String trimmed = value.trim();
        if ("true".equalsIgnoreCase(trimmed)) {
            return true;
        }
        if ("false".equalsIgnoreCase(trimmed)) {
            return false;
        }
        throw new IllegalArgumentException("Setting " + key + " must be true or false, not '" + value + "'");
    }
}
