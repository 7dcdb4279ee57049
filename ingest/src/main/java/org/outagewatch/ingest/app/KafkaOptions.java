package org.outagewatch.ingest.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicLayout;
import picocli.CommandLine.Option;

/**
 * The picocli options every command that talks to Kafka shares ({@code @Mixin KafkaOptions kafka}):
 * {@code --bootstrap-servers}, {@code --schema-registry-url}, {@code --namespace NAME}, {@code --config FILE} and
 * repeatable {@code --set KEY=VALUE}. {@link #settings} merges, in order: {@link #DEFAULTS} and the command's own
 * defaults, the properties file, the environment ({@code KAFKA_*}, {@code SCHEMA_REGISTRY_*},
 * {@code OUTAGEWATCH_*}), {@code --set}, then the named flags (the command's and these).
 */
public final class KafkaOptions {
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    public static final String DEFAULT_SCHEMA_REGISTRY_URL = "http://localhost:8081";
    /** Defaults of the Kafka settings, under the command's own defaults. */
    public static final Map<String, String> DEFAULTS = Map.of(
            Settings.BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS,
            Settings.SCHEMA_REGISTRY_URL, DEFAULT_SCHEMA_REGISTRY_URL);

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Kafka brokers (setting bootstrap.servers, env KAFKA_BOOTSTRAP_SERVERS; default "
                    + DEFAULT_BOOTSTRAP_SERVERS + ").")
    private String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-compatible schema registry, or mock://SCOPE for an in-process one (setting "
                    + "schema.registry.url, env SCHEMA_REGISTRY_URL; default " + DEFAULT_SCHEMA_REGISTRY_URL + ").")
    private String schemaRegistryUrl;

    @Option(names = "--namespace", paramLabel = "NAME",
            description = "Put every topic in a namespace: NAME.probe-results, ... (setting " + TopicLayout.NAMESPACE
                    + ", env OUTAGEWATCH_TOPIC__PREFIX; default none), to run beside production on one cluster.")
    private String namespace;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file: Kafka client settings, schema.registry.* and outagewatch.* keys.")
    private Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any one setting, over the file and the environment (repeatable).")
    private Map<String, String> overrides = new LinkedHashMap<>();

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }

    public Path configFile() {
        return configFile;
    }

    /** The merged settings, with the process environment. */
    public Settings settings(final Map<String, String> commandDefaults, final Map<String, String> commandFlags) {
        return settings(commandDefaults, System.getenv(), commandFlags);
    }

    /**
     * The merged settings.
     *
     * @param commandDefaults the command's defaults, over {@link #DEFAULTS}
     * @param environment the environment variables
     * @param commandFlags the command's own flags as settings (null values are ignored)
     * @throws IllegalArgumentException when the config file cannot be read
     */
    public Settings settings(final Map<String, String> commandDefaults, final Map<String, String> environment,
                             final Map<String, String> commandFlags) {
        if (configFile != null && !Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("Config file " + configFile + " does not exist or is not a file");
        }
        final Map<String, String> defaults = new HashMap<>(DEFAULTS);
        defaults.putAll(commandDefaults);
        final Map<String, String> flags = new HashMap<>(overrides);
        commandFlags.forEach((key, value) -> {
            if (value != null) {
                flags.put(key, value);
            }
        });
        if (bootstrapServers != null) {
            flags.put(Settings.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        if (schemaRegistryUrl != null) {
            flags.put(Settings.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        }
        if (namespace != null) {
            flags.put(TopicLayout.NAMESPACE, namespace);
        }
        return Settings.load(defaults, configFile, environment, flags);
    }
}
