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
}
