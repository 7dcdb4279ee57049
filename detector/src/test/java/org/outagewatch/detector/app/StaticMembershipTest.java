package org.outagewatch.detector.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.config.Settings;

class StaticMembershipTest {
    private static Properties props(final String stateDir) {
        final Properties props = new Properties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        return props;
    }

    @Test
    void shouldGiveAStableIdPerStateDirectoryByDefault() {
        final Properties first = props("/var/lib/outagewatch/detector");
        final Properties again = props("/var/lib/outagewatch/detector");
        final Properties other = props("/var/lib/outagewatch/detector-2");
        StaticMembership.apply(Settings.of(Map.of()), first);
        StaticMembership.apply(Settings.of(Map.of()), again);
        StaticMembership.apply(Settings.of(Map.of()), other);
        assertThat(first.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).isNotBlank()
                .isEqualTo(again.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
                .isNotEqualTo(other.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
        assertThat(StaticMembership.defaultId("host-a", Path.of("/data/detector")))
                .isEqualTo(StaticMembership.defaultId("host-a", Path.of("/data/./detector")))
                .startsWith("host-a-");
    }

    @Test
    void shouldTakeTheConfiguredIdAndLeaveAnExplicitKafkaKeyAlone() {
        final Properties configured = props("/d");
        StaticMembership.apply(Settings.of(Map.of(StaticMembership.INSTANCE_ID, "detector-0")), configured);
        assertThat(configured.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).isEqualTo("detector-0");

        final Properties explicit = props("/d");
        explicit.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "mine");
        StaticMembership.apply(Settings.of(Map.of(StaticMembership.INSTANCE_ID, "detector-0")), explicit);
        assertThat(explicit.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).isEqualTo("mine");
    }

    @Test
    void shouldTurnOffAndRefuseAnythingButTrueOrFalse() {
        final Properties off = props("/d");
        StaticMembership.apply(Settings.of(Map.of(StaticMembership.ENABLED, "false")), off);
        assertThat(off).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        assertThatThrownBy(() -> StaticMembership.apply(Settings.of(Map.of(StaticMembership.ENABLED, "yes")), props("/d")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(StaticMembership.ENABLED);
    }

    @Test
    void shouldBeOnInTheAppsStreamsProperties() {
        final Settings settings = Settings.of(Map.of(Settings.SCHEMA_REGISTRY_URL, "mock://static", DetectorApp.DATA_DIR, "/data"));
        final Properties props = DetectorApp.streamsProperties(settings, DetectorApp.catalog(settings));
        assertThat(props.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).endsWith(
                StaticMembership.defaultId("x", Path.of("/data/detector")).substring(2));
    }
}
