package org.outagewatch.schemas.registry.server;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.outagewatch.schemas.config.Settings;

/**
 * How a {@link RegistryServer} runs: the Kafka cluster that holds its command log, the address it listens
 * on, the log topic, extra Kafka client settings (security, timeouts) and optional basic-auth credentials.
 *
 * @param bootstrapServers   the Kafka cluster of the {@code _schemas} topic
 * @param host               the address to listen on ({@code 127.0.0.1} by default, {@code 0.0.0.0} for every interface)
 * @param port               the port to listen on; 0 picks any free port
 * @param topic              the command log topic, compacted, one partition ({@code _schemas} by default)
 * @param kafkaClientConfig  more settings for the admin client, producer and consumer (e.g. {@code security.protocol})
 * @param basicAuthUserInfo  {@code user:password} that every request must present, or null for no authentication
 */
public record RegistryServerConfig(
        String bootstrapServers,
        String host,
        int port,
        String topic,
        Map<String, Object> kafkaClientConfig,
        String basicAuthUserInfo) {

    public static final String HOST = "outagewatch.registry.host";
    public static final String PORT = "outagewatch.registry.port";
    public static final String TOPIC = "outagewatch.registry.topic";
    /** {@code user:password}; when set, every request except {@code GET /health} needs these credentials. */
    public static final String USER_INFO = "outagewatch.registry.basic.auth.user.info";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8081;
    public static final String DEFAULT_TOPIC = "_schemas";

    public RegistryServerConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("The schema registry needs " + Settings.BOOTSTRAP_SERVERS + " (the Kafka cluster that stores its schemas)");
        }
        host = host == null || host.isBlank() ? DEFAULT_HOST : host;
        topic = topic == null || topic.isBlank() ? DEFAULT_TOPIC : topic;
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("The schema registry port must be between 0 and 65535, not " + port);
        }
        if (basicAuthUserInfo != null && (basicAuthUserInfo.isBlank() || !basicAuthUserInfo.contains(":"))) {
            throw new IllegalArgumentException("The schema registry's basic auth must be user:password");
        }
        kafkaClientConfig = kafkaClientConfig == null ? Map.of() : Map.copyOf(kafkaClientConfig);
    }

    /** A config with the defaults for everything but the Kafka cluster. */
    public static RegistryServerConfig of(final String bootstrapServers) {
        return new RegistryServerConfig(bootstrapServers, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TOPIC, Map.of(), null);
    }

    /**
     * Reads {@code bootstrap.servers} (required), {@value #HOST}, {@value #PORT}, {@value #TOPIC} and
     * {@value #USER_INFO}; every other setting that is not ours and not a registry client's
     * ({@code schema.registry.*}, {@code basic.auth.*}) goes to the Kafka clients.
     */
    public static RegistryServerConfig from(final Settings settings) {
        final Map<String, Object> kafka = new HashMap<>();
        settings.kafkaConfig().forEach((key, value) -> {
            if (!key.startsWith("schema.registry.") && !key.startsWith("basic.auth.")
                    && !key.equals("auto.register.schemas") && !key.equals(Settings.BOOTSTRAP_SERVERS)) {
                kafka.put(key, value);
            }
        });
        return new RegistryServerConfig(
                settings.require(Settings.BOOTSTRAP_SERVERS),
                settings.get(HOST, DEFAULT_HOST),
                settings.getInt(PORT, DEFAULT_PORT),
                settings.get(TOPIC, DEFAULT_TOPIC),
                kafka,
                settings.get(USER_INFO));
    }

    /** A copy that listens on another port. */
    public RegistryServerConfig withPort(final int newPort) {
        return new RegistryServerConfig(bootstrapServers, host, newPort, topic, kafkaClientConfig, basicAuthUserInfo);
    }

    /** A copy that requires these credentials. */
    public RegistryServerConfig withBasicAuth(final String userInfo) {
        return new RegistryServerConfig(bootstrapServers, host, port, topic, kafkaClientConfig, userInfo);
    }

    /** A copy that stores its log in another topic. */
    public RegistryServerConfig withTopic(final String newTopic) {
        return new RegistryServerConfig(bootstrapServers, host, port, newTopic, kafkaClientConfig, basicAuthUserInfo);
    }

    @Override
    public String toString() {
        return "RegistryServerConfig[bootstrapServers=" + bootstrapServers + ", host=" + host + ", port=" + port
                + ", topic=" + topic + ", kafkaClientConfig=" + kafkaClientConfig.keySet()
                + ", basicAuth=" + (basicAuthUserInfo == null ? "off" : "on") + "]";
    }
}
