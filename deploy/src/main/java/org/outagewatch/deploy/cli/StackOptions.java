package org.outagewatch.deploy.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.outagewatch.deploy.stack.ProjectHome;
import org.outagewatch.deploy.stack.StackConfig;
import org.outagewatch.schemas.config.Settings;
import picocli.CommandLine.Option;

/**
 * The options every {@code stack} command shares: where the data lives and which ports to use. Merged with
 * a properties file ({@code --config}) and the environment ({@code OUTAGEWATCH_STACK_KAFKA_PORT=...}) in the
 * order of {@link Settings}; the keys are those of {@link StackConfig}. A picocli mixin for any command that runs
 * on the local stack (the demo uses it too).
 */
public final class StackOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory: broker data, logs, PID files (default: .outagewatch under the checkout).")
    Path dataDir;

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka client port (default: 9092).")
    Integer kafkaPort;

    @Option(names = "--controller-port", paramLabel = "PORT", description = "KRaft controller port (default: 9093).")
    Integer controllerPort;

    @Option(names = "--registry-port", paramLabel = "PORT", description = "Schema registry port (default: 8081).")
    Integer registryPort;

    @Option(names = "--no-registry", description = "The stack is the broker only (no schema registry).")
    boolean noRegistry;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with outagewatch.stack.* settings.")
    Path config;

    /** The stack configuration from these options, a properties file, the environment, and more flags (setting keys). */
    public StackConfig toConfig(final Map<String, String> moreFlags) {
        final Map<String, String> flags = new HashMap<>(moreFlags);
        put(flags, StackConfig.DATA_DIR, dataDir == null ? null : dataDir.toAbsolutePath().toString());
        put(flags, StackConfig.KAFKA_PORT, kafkaPort);
        put(flags, StackConfig.CONTROLLER_PORT, controllerPort);
        put(flags, StackConfig.REGISTRY_PORT, registryPort);
        if (noRegistry) {
            flags.put(StackConfig.REGISTRY_ENABLED, "false");
        }
        final Settings settings = Settings.load(Map.of(), config, System.getenv(), flags);
        return StackConfig.from(settings, ProjectHome.locate());
    }

    private static void put(final Map<String, String> flags, final String key, final Object value) {
        if (value != null) {
            flags.put(key, value.toString());
        }
    }
}
