package org.outagewatch.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path dir;

    @Test
    void shouldApplyDefaultsThenFileThenEnvironmentThenFlags() throws Exception {
        final Path file = dir.resolve("outagewatch.properties");
        Files.writeString(file, "bootstrap.servers=file:9092\noutagewatch.window.minutes=10\nschema.registry.url=http://file:8081\nlinger.ms=5\n");
        final Map<String, String> flags = new HashMap<>();
        flags.put("outagewatch.window.minutes", "15");
        flags.put("unset.flag", null);

        final Settings settings = Settings.load(
                Map.of("bootstrap.servers", "default:9092", "acks", "all", "outagewatch.window.minutes", "5"),
                file,
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092", "OUTAGEWATCH_DATA_DIR", "/data", "SCHEMA_REGISTRY_URL", "http://env:8081", "HOME", "/root",
                        "OUTAGEWATCH_DETECTOR_WINDOW__SIZE", "10m"),
                flags);

        assertThat(settings.get("acks")).isEqualTo("all");
        assertThat(settings.get("linger.ms")).isEqualTo("5");
        assertThat(settings.get("bootstrap.servers")).isEqualTo("env:9092");
        assertThat(settings.get("schema.registry.url")).isEqualTo("http://env:8081");
        assertThat(settings.get("outagewatch.data.dir")).isEqualTo("/data");
        assertThat(settings.get("outagewatch.detector.window-size")).isEqualTo("10m");
        assertThat(settings.getInt("outagewatch.window.minutes", 0)).isEqualTo(15);
        assertThat(settings.asMap()).doesNotContainKeys("unset.flag", "home");
        assertThat(settings.kafkaConfig()).containsKeys("bootstrap.servers", "acks").doesNotContainKey("outagewatch.data.dir");
        assertThat(settings.serdeConfig()).containsOnlyKeys("schema.registry.url");
    }

    @Test
    void shouldNameTheKeyWhenAValueIsBad() {
        final Settings settings = Settings.of(Map.of("outagewatch.window.minutes", "five"));
        assertThatThrownBy(() -> settings.getInt("outagewatch.window.minutes", 5))
                .hasMessageContaining("outagewatch.window.minutes").hasMessageContaining("five");
        assertThatThrownBy(() -> settings.require("bootstrap.servers")).hasMessageContaining("bootstrap.servers");
    }

    @Test
    void shouldFailClearlyOnAMissingFile() {
        assertThatThrownBy(() -> Settings.load(Map.of(), dir.resolve("nope.properties"), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope.properties");
    }
}
