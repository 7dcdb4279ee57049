package org.outagewatch.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.config.Settings;

class StackConfigTest {
    private static final Path HOME = Path.of("/opt/outagewatch");

    @Test
    void shouldUseTheDocumentedDefaults() {
        final StackConfig config = StackConfig.defaults(HOME);

        assertThat(config.dataDir()).isEqualTo(HOME.resolve(StackConfig.DEFAULT_DATA_DIR));
        assertThat(config.kafkaPort()).isEqualTo(StackConfig.DEFAULT_KAFKA_PORT);
        assertThat(config.controllerPort()).isEqualTo(StackConfig.DEFAULT_CONTROLLER_PORT);
        assertThat(config.registryPort()).isEqualTo(StackConfig.DEFAULT_REGISTRY_PORT);
        assertThat(config.registryEnabled()).isTrue();
        assertThat(config.brokerLib()).isEqualTo(HOME.resolve("deploy/broker/target/lib"));
        assertThat(config.startTimeout()).isEqualTo(Duration.ofSeconds(StackConfig.DEFAULT_START_TIMEOUT_SECONDS));
        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:" + StackConfig.DEFAULT_KAFKA_PORT);
        assertThat(config.registryUrl()).isEqualTo("http://127.0.0.1:" + StackConfig.DEFAULT_REGISTRY_PORT);
    }

    @Test
    void shouldReadPortsDirectoriesAndBrokerOverridesFromSettings() {
        final StackConfig config = StackConfig.from(Settings.of(Map.of(
                StackConfig.DATA_DIR, "work/stack",
                StackConfig.KAFKA_PORT, "19092",
                StackConfig.CONTROLLER_PORT, "19093",
                StackConfig.REGISTRY_PORT, "18081",
                StackConfig.REGISTRY_ENABLED, "false",
                StackConfig.BROKER_LIB, "/srv/kafka/lib",
                StackConfig.START_TIMEOUT_SECONDS, "5",
                StackConfig.BROKER_CONFIG_PREFIX + "log.retention.hours", "1")), HOME);

        assertThat(config.dataDir()).isEqualTo(HOME.resolve("work/stack"));
        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:19092");
        assertThat(config.controllerBinding().address()).isEqualTo("127.0.0.1:19093");
        assertThat(config.registryUrl()).isEqualTo("http://127.0.0.1:18081");
        assertThat(config.registryEnabled()).isFalse();
        assertThat(config.brokerLib()).isEqualTo(Path.of("/srv/kafka/lib"));
        assertThat(config.startTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.brokerOverrides()).containsExactly(Map.entry("log.retention.hours", "1"));
    }

    @Test
    void shouldLayOutTheDataDirectory() {
        final StackConfig config = StackConfig.defaults(HOME).withDataDir(Path.of("/data/ow"));

        assertThat(config.kafkaLogDirs()).isEqualTo(Path.of("/data/ow/kafka/data"));
        assertThat(config.logsDir()).isEqualTo(Path.of("/data/ow/logs"));
        assertThat(config.runDir()).isEqualTo(Path.of("/data/ow/run"));
    }

    @Test
    void shouldRejectAPortUsedTwice() {
        assertThatThrownBy(() -> StackConfig.defaults(HOME).withPorts(9092, 9092, 8081))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9092")
                .hasMessageContaining(StackConfig.CONTROLLER_PORT);
    }

    @Test
    void shouldRejectAPortOutOfRangeNamingItsSetting() {
        assertThatThrownBy(() -> StackConfig.from(Settings.of(Map.of(StackConfig.KAFKA_PORT, "70000")), HOME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(StackConfig.KAFKA_PORT)
                .hasMessageContaining("70000");
    }

    @Test
    void shouldRejectABadHeapSizeAndABadBoolean() {
        assertThatThrownBy(() -> StackConfig.from(Settings.of(Map.of(StackConfig.KAFKA_HEAP, "lots")), HOME))
                .hasMessageContaining(StackConfig.KAFKA_HEAP);
        assertThatThrownBy(() -> StackConfig.from(Settings.of(Map.of(StackConfig.REGISTRY_ENABLED, "yes")), HOME))
                .hasMessageContaining(StackConfig.REGISTRY_ENABLED);
    }
}
