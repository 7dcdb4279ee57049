package org.outagewatch.detector.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.config.Settings;

class StandbysTest {
    private static Properties streams(final Map<String, String> values) {
        final Map<String, String> all = new java.util.HashMap<>(values);
        all.put(Settings.SCHEMA_REGISTRY_URL, "mock://standbys");
        final Settings settings = Settings.of(all);
        return DetectorApp.streamsProperties(settings, DetectorApp.catalog(settings));
    }

    @Test
    void shouldKeepOneWarmStandbyByDefault() {
        assertThat(streams(Map.of()).get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(Standbys.DEFAULT_REPLICAS);
        assertThat(Standbys.DEFAULT_REPLICAS).isEqualTo(1);
    }

    @Test
    void shouldTakeTheSettingAndLetTheKafkaKeyWin() {
        assertThat(streams(Map.of(Standbys.REPLICAS, "2")).get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(2);
        assertThat(streams(Map.of(Standbys.REPLICAS, "0")).get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo(0);
        assertThat(streams(Map.of(Standbys.REPLICAS, "2", StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0"))
                .get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo("0");
    }

    @Test
    void shouldRefuseANegativeOrNonNumericCount() {
        assertThatThrownBy(() -> streams(Map.of(Standbys.REPLICAS, "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Standbys.REPLICAS);
        assertThatThrownBy(() -> streams(Map.of(Standbys.REPLICAS, "one")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Standbys.REPLICAS);
    }
}
