package org.outagewatch.schemas.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.registry.RegistryClientConfig;
import org.outagewatch.schemas.registry.SchemaRegistryClient;
import org.outagewatch.schemas.registry.SchemaRegistryClients;
import org.outagewatch.schemas.registry.SchemaRegistryException;
import org.outagewatch.schemas.registry.TestSchemas;
import org.outagewatch.schemas.testing.SaslSslKafka;
import org.outagewatch.schemas.testing.TestCertificates;

/**
 * The registry server configured only through settings, as {@code outagewatch registry serve --config FILE} reads
 * them: its command log on a SASL_SSL (SCRAM-SHA-512) broker, HTTPS with a key store made in the test, basic
 * authentication for writes only. Clients configured with Confluent's keys register and read; a client without the
 * credentials may read but not write; a client that does not trust the certificate, and a registry with the wrong
 * Kafka password, fail with one line naming the cause.
 */
class RegistrySecurityIntegrationTest {
    private static final String KAFKA_USER = "registry";
    private static final String KAFKA_PASSWORD = "registry-kafka-secret";
    private static final String REGISTRY_CREDENTIALS = "writer:registry-http-secret";
    @TempDir
    static Path dir;
    private static TestCertificates certs;
    private static SaslSslKafka kafka;
    private static RegistryServer registry;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.create(dir);
        kafka = SaslSslKafka.start(certs, Map.of(KAFKA_USER, KAFKA_PASSWORD));
        registry = RegistryServer.start(RegistryServerConfig.from(serverSettings(KAFKA_PASSWORD)));
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

    /** What an operator writes in the registry's properties file. */
    private static Settings serverSettings(final String kafkaPassword) {
        final Map<String, String> values = new HashMap<>(kafka.clientConfig(KAFKA_USER, kafkaPassword));
        values.put(RegistryServerConfig.PORT, "0");
        values.put(RegistryServerConfig.USER_INFO, REGISTRY_CREDENTIALS);
        values.put(RegistryServerConfig.AUTHENTICATE_READS, "false");
        values.put(RegistryServerConfig.SSL_KEYSTORE_LOCATION, certs.serverKeystore().toString());
        values.put(RegistryServerConfig.SSL_KEYSTORE_PASSWORD, TestCertificates.PASSWORD);
        return Settings.of(values);
    }

    /** A client from the keys a user's properties file holds (null for what it leaves out). */
    private static SchemaRegistryClient client(final Path truststore, final String userInfo) {
        final Map<String, String> config = new HashMap<>();
        config.put(RegistryClientConfig.URL, registry.url());
        if (truststore != null) {
            config.put("schema.registry.ssl.truststore.location", truststore.toString());
            config.put("schema.registry.ssl.truststore.password", TestCertificates.PASSWORD);
        }
        if (userInfo != null) {
            config.put(RegistryClientConfig.CREDENTIALS_SOURCE, "USER_INFO");
            config.put(RegistryClientConfig.USER_INFO, userInfo);
        }
        return SchemaRegistryClients.create(config);
    }

    @Test
    void shouldServeHttpsAndAskForCredentialsOnWritesOnly() {
        assertThat(registry.url()).startsWith("https://");
        final SchemaRegistryClient writer = client(certs.truststore(), REGISTRY_CREDENTIALS);
        final SchemaRegistryClient reader = client(certs.truststore(), null);

        final int id = writer.register("secure-value", TestSchemas.v1());

        assertThat(reader.getById(id)).isEqualTo(TestSchemas.v1());
        assertThat(reader.subjects()).contains("secure-value");
        assertThat(reader.lookup("secure-value", TestSchemas.v1()).id()).isEqualTo(id);
        assertThatThrownBy(() -> reader.register("secure-value", TestSchemas.v2WithDefault()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("needs basic authentication");
                });
        assertThatThrownBy(() -> client(certs.truststore(), "writer:guess").register("secure-value", TestSchemas.v2WithDefault()))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("The schema registry refused the credentials: Unauthorized: wrong user or password"));
    }

    @Test
    void shouldSayInOneLineThatTheCertificateIsNotTrusted() {
        for (final Path truststore : new Path[] {null, certs.foreignTruststore()}) {
            assertThatThrownBy(() -> client(truststore, REGISTRY_CREDENTIALS).subjects())
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.getMessage())
                            .startsWith("Cannot reach the schema registry at " + registry.url() + ": TLS handshake failed")
                            .contains("schema.registry.ssl.truststore.location")
                            .doesNotContain("\n"));
        }
    }

    @Test
    void shouldNotStartOnAWrongKafkaPasswordAndSayWhy() {
        final RegistryServerConfig wrong = RegistryServerConfig.from(serverSettings("not-the-password"));
        assertThatThrownBy(() -> RegistryServer.start(wrong))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Authentication failed")
                .hasMessageNotContaining("\n");
    }
}
