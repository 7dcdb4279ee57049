package org.outagewatch.schemas.registry.server;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.registry.TlsSettings;

/**
 * How a {@link RegistryServer} runs: the Kafka cluster that holds its command log, the address it listens
 * on, the log topic, extra Kafka client settings (security, timeouts), optional basic-auth credentials and an
 * optional key store that makes it serve HTTPS.
 *
 * @param bootstrapServers   the Kafka cluster of the {@code _schemas} topic
 * @param host               the address to listen on ({@code 127.0.0.1} by default, {@code 0.0.0.0} for every interface)
 * @param port               the port to listen on; 0 picks any free port
 * @param topic              the command log topic, compacted, one partition ({@code _schemas} by default)
 * @param kafkaClientConfig  more settings for the admin client, producer and consumer (e.g. {@code security.protocol})
 * @param basicAuthUserInfo  {@code user:password} that requests must present, or null for no authentication
 * @param authenticateReads  with credentials set: whether reads need them too (true), or only writes (false)
 * @param tls                the server's key store for HTTPS, or null for plain HTTP
 */
public record RegistryServerConfig(
        String bootstrapServers,
        String host,
        int port,
        String topic,
        Map<String, Object> kafkaClientConfig,
        String basicAuthUserInfo,
        boolean authenticateReads,
        TlsSettings tls) {

    public static final String HOST = "outagewatch.registry.host";
    public static final String PORT = "outagewatch.registry.port";
    public static final String TOPIC = "outagewatch.registry.topic";
    /** {@code user:password}; when set, every write (and, by default, every read) needs these credentials. */
    public static final String USER_INFO = "outagewatch.registry.basic.auth.user.info";
    /**
     * {@code true} (the default): reads need the credentials too; {@code false}: anyone may read, only writes
     * (registering, deleting, changing compatibility) need them. {@code GET /health} never needs them.
     */
    public static final String AUTHENTICATE_READS = "outagewatch.registry.basic.auth.reads";
    /** The server's key store (PKCS12 by default): when set, the registry serves HTTPS instead of HTTP. */
    public static final String SSL_KEYSTORE_LOCATION = "outagewatch.registry.ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "outagewatch.registry.ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE = "outagewatch.registry.ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD = "outagewatch.registry.ssl.key.password";
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
        if (tls != null && tls.keystoreLocation() == null) {
            throw new IllegalArgumentException("The schema registry serves HTTPS only with a key store (" + SSL_KEYSTORE_LOCATION + ")");
        }
    }

    /** Plain HTTP; with credentials, every request but the health check needs them. */
    public RegistryServerConfig(final String bootstrapServers, final String host, final int port, final String topic,
                                final Map<String, Object> kafkaClientConfig, final String basicAuthUserInfo) {
        this(bootstrapServers, host, port, topic, kafkaClientConfig, basicAuthUserInfo, true, null);
    }

    /** A config with the defaults for everything but the Kafka cluster. */
    public static RegistryServerConfig of(final String bootstrapServers) {
        return new RegistryServerConfig(bootstrapServers, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TOPIC, Map.of(), null);
    }

    /**
     * Reads {@code bootstrap.servers} (required), {@value #HOST}, {@value #PORT}, {@value #TOPIC} and
     * {@value #USER_INFO}, {@value #AUTHENTICATE_READS} and the {@code outagewatch.registry.ssl.*} key store; every other setting that is not ours and not a registry client's
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
                settings.get(USER_INFO),
                readsFlag(settings.get(AUTHENTICATE_READS, "true")),
                serverTls(settings));
    }

    private static boolean readsFlag(final String value) {
        final String v = value.trim();
        if (!"true".equalsIgnoreCase(v) && !"false".equalsIgnoreCase(v)) {
            throw new IllegalArgumentException("Setting " + AUTHENTICATE_READS + " must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static TlsSettings serverTls(final Settings settings) {
        final String keystore = settings.get(SSL_KEYSTORE_LOCATION);
        if (keystore == null || keystore.isBlank()) {
            return null;
        }
        return new TlsSettings(null, null, null, keystore, settings.get(SSL_KEYSTORE_PASSWORD),
                settings.get(SSL_KEYSTORE_TYPE), settings.get(SSL_KEY_PASSWORD));
    }

    /** Whether the registry serves HTTPS. */
    public boolean https() {
        return tls != null;
    }

    /** A copy that listens on another port. */
    public RegistryServerConfig withPort(final int newPort) {
        return new RegistryServerConfig(bootstrapServers, host, newPort, topic, kafkaClientConfig, basicAuthUserInfo,
                authenticateReads, tls);
    }

    /** A copy that requires these credentials for every request but the health check. */
    public RegistryServerConfig withBasicAuth(final String userInfo) {
        return new RegistryServerConfig(bootstrapServers, host, port, topic, kafkaClientConfig, userInfo, true, tls);
    }

    /** A copy that requires these credentials for writes only: anyone may read. */
    public RegistryServerConfig withBasicAuthForWrites(final String userInfo) {
        return new RegistryServerConfig(bootstrapServers, host, port, topic, kafkaClientConfig, userInfo, false, tls);
    }

    /** A copy that serves HTTPS with this key store (PKCS12 unless {@code type} says otherwise; null for the default). */
    public RegistryServerConfig withHttps(final String keystoreLocation, final String keystorePassword, final String type) {
        return new RegistryServerConfig(bootstrapServers, host, port, topic, kafkaClientConfig, basicAuthUserInfo,
                authenticateReads, new TlsSettings(null, null, null, keystoreLocation, keystorePassword, type, null));
    }

    /** A copy with more settings for its Kafka clients (security). */
    public RegistryServerConfig withKafkaClientConfig(final Map<String, ?> more) {
        final Map<String, Object> merged = new HashMap<>(kafkaClientConfig);
        merged.putAll(more);
        return new RegistryServerConfig(bootstrapServers, host, port, topic, merged, basicAuthUserInfo, authenticateReads, tls);
    }

    /** A copy that stores its log in another topic. */
    public RegistryServerConfig withTopic(final String newTopic) {
        return new RegistryServerConfig(bootstrapServers, host, port, newTopic, kafkaClientConfig, basicAuthUserInfo,
                authenticateReads, tls);
    }

    @Override
    public String toString() {
        return "RegistryServerConfig[bootstrapServers=" + bootstrapServers + ", host=" + host + ", port=" + port
                + ", topic=" + topic + ", kafkaClientConfig=" + kafkaClientConfig.keySet()
                + ", basicAuth=" + (basicAuthUserInfo == null ? "off" : authenticateReads ? "on" : "writes") + ", https=" + https() + "]";
    }
}
