package org.outagewatch.schemas.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.config.Settings;

class RegistryServerConfigTest {

    @Test
    void shouldUseTheDefaultsForEverythingButTheCluster() {
        final RegistryServerConfig config = RegistryServerConfig.from(Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, "kafka:9092")));

        assertThat(config.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(config.host()).isEqualTo(RegistryServerConfig.DEFAULT_HOST);
        assertThat(config.port()).isEqualTo(RegistryServerConfig.DEFAULT_PORT);
        assertThat(config.topic()).isEqualTo(RegistryServerConfig.DEFAULT_TOPIC);
        assertThat(config.basicAuthUserInfo()).isNull();
        assertThat(config.kafkaClientConfig()).isEmpty();
    }

    @Test
    void shouldReadOurKeysAndPassOnlyKafkaSettingsToTheClients() {
        final RegistryServerConfig config = RegistryServerConfig.from(Settings.of(Map.of(
                Settings.BOOTSTRAP_SERVERS, "kafka:9092",
                RegistryServerConfig.HOST, "0.0.0.0",
                RegistryServerConfig.PORT, "18081",
                RegistryServerConfig.TOPIC, "_outagewatch_schemas",
                RegistryServerConfig.USER_INFO, "admin:secret",
                "security.protocol", "SSL",
                Settings.SCHEMA_REGISTRY_URL, "http://elsewhere:8081",
                "basic.auth.user.info", "client:pw",
                "outagewatch.window.minutes", "5")));

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(18_081);
        assertThat(config.topic()).isEqualTo("_outagewatch_schemas");
        assertThat(config.basicAuthUserInfo()).isEqualTo("admin:secret");
        assertThat(config.kafkaClientConfig()).containsOnly(Map.entry("security.protocol", "SSL"));
        assertThat(config.toString()).doesNotContain("secret");
    }

    @Test
    void shouldFailClearlyOnBadSettings() {
        assertThatThrownBy(() -> RegistryServerConfig.from(Settings.of(Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Settings.BOOTSTRAP_SERVERS);
        assertThatThrownBy(() -> RegistryServerConfig.from(Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, "k:9092", RegistryServerConfig.PORT, "http"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(RegistryServerConfig.PORT);
        assertThatThrownBy(() -> RegistryServerConfig.of("k:9092").withPort(70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
        assertThatThrownBy(() -> RegistryServerConfig.of("k:9092").withBasicAuth("nocolon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user:password");
    }

    @Test
    void shouldReadTheKeyStoreAndWhetherReadsNeedCredentials() {
        final RegistryServerConfig config = RegistryServerConfig.from(Settings.of(Map.of(
                Settings.BOOTSTRAP_SERVERS, "kafka:9093",
                RegistryServerConfig.USER_INFO, "writer:secret",
                RegistryServerConfig.AUTHENTICATE_READS, "false",
                RegistryServerConfig.SSL_KEYSTORE_LOCATION, "/etc/outagewatch/registry.p12",
                RegistryServerConfig.SSL_KEYSTORE_PASSWORD, "store-secret")));

        assertThat(config.https()).isTrue();
        assertThat(config.authenticateReads()).isFalse();
        assertThat(config.tls().keystoreLocation()).isEqualTo("/etc/outagewatch/registry.p12");
        assertThat(config.tls().keystorePassword()).isEqualTo("store-secret");
        assertThat(config.kafkaClientConfig()).isEmpty();
        assertThat(config.toString()).contains("basicAuth=writes", "https=true").doesNotContain("secret");
        // by default every request but the health check needs the credentials, over plain HTTP
        final RegistryServerConfig plain = RegistryServerConfig.from(Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, "kafka:9092")));
        assertThat(plain.authenticateReads()).isTrue();
        assertThat(plain.https()).isFalse();
        assertThatThrownBy(() -> RegistryServerConfig.from(Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, "k:9092",
                RegistryServerConfig.AUTHENTICATE_READS, "sometimes"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(RegistryServerConfig.AUTHENTICATE_READS);
    }
}
