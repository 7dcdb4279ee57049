package org.outagewatch.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.config.Settings;

class RegistryClientConfigTest {

    @Test
    void shouldReadConfluentsKeysForHttpsAndBasicAuth() {
        final RegistryClientConfig config = RegistryClientConfig.from(Map.of(
                RegistryClientConfig.URL, "https://registry.example:8081/",
                RegistryClientConfig.CREDENTIALS_SOURCE, "USER_INFO",
                RegistryClientConfig.USER_INFO, "outagewatch:secret",
                "schema.registry.ssl.truststore.location", "/etc/outagewatch/truststore.p12",
                "schema.registry.ssl.truststore.password", "store-secret"));

        assertThat(config.urls()).containsExactly("https://registry.example:8081");
        assertThat(config.userInfo()).isEqualTo("outagewatch:secret");
        assertThat(config.tls().truststoreLocation()).isEqualTo("/etc/outagewatch/truststore.p12");
        assertThat(config.tls().truststorePassword()).isEqualTo("store-secret");
        assertThat(config.tls().isDefault()).isFalse();
    }

    @Test
    void shouldTakeTheCredentialsFromTheEnvironmentUnderConfluentsOlderName() {
        final Settings settings = Settings.load(Map.of(), null, Map.of(
                "SCHEMA_REGISTRY_URL", "https://registry.example:8081",
                "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "outagewatch:from-env",
                "SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION", "/etc/outagewatch/truststore.p12"), Map.of());

        final RegistryClientConfig config = RegistryClientConfig.from(settings.serdeConfig());

        assertThat(config.userInfo()).isEqualTo("outagewatch:from-env");
        assertThat(config.tls().truststoreLocation()).isEqualTo("/etc/outagewatch/truststore.p12");
    }
}
