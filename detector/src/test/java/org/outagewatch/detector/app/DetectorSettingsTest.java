package org.outagewatch.detector.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.signals.SignalFoldProcessor;
import org.outagewatch.schemas.config.Settings;
import picocli.CommandLine;

class DetectorSettingsTest {
    @Test
    void shouldReadItsKeysAndKeepDefaultsForTheRest() {
        final DetectorSettings s = DetectorSettings.from(Settings.of(Map.of(
                DetectorSettings.PREFIX + "window-size", "PT10M",
                DetectorSettings.PREFIX + "grace", "30s",
                DetectorSettings.PREFIX + "active-horizon", "2h",
                DetectorSettings.PREFIX + "warning-ratio", "0.5",
                DetectorSettings.PREFIX + "coverage-gated-prefixes", "probe., atlas.",
                DetectorSettings.PREFIX + "stall-min-series", "20")));
        assertThat(s.windowSize()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.activeHorizon()).isEqualTo(Duration.ofHours(2));
        assertThat(s.warningRatio()).isEqualTo(0.5);
        assertThat(s.coverageGatedPrefixes()).containsExactly("probe.", "atlas.");
        assertThat(s.warmUp()).isEqualTo(DetectorSettings.defaults().warmUp());
        assertThat(s.modelParameters().warningRatio()).isEqualTo(0.5);
        assertThat(s.stallMinSeries()).isEqualTo(20);
        assertThat(DetectorSettings.defaults().censusPrefixes()).containsExactly("atlas.");
        assertThat(DetectorSettings.from(Settings.of(Map.of(DetectorSettings.PREFIX + "census-prefixes", " atlas., x.")))
                .censusPrefixes()).containsExactly("atlas.", "x.");
        assertThat(DetectorSettings.defaults().stallMinSeries()).isEqualTo(SignalFoldProcessor.DEFAULT_STALL_MIN_SERIES);
    }

    @Test
    void shouldNameTheKeyOfABadValue() {
        assertThatThrownBy(() -> DetectorSettings.from(Settings.of(Map.of(DetectorSettings.PREFIX + "grace", "soon"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(DetectorSettings.PREFIX + "grace");
        assertThatThrownBy(() -> DetectorSettings.from(Settings.of(Map.of(DetectorSettings.PREFIX + "critical-ratio", "0.9"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("critical");
        assertThatThrownBy(() -> DetectorSettings.from(Settings.of(Map.of(DetectorSettings.PREFIX + "stall-min-series", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stall-min-series");
    }

    @Test
    void shouldConfigureStreamsForExactlyOnceWithExplicitNamesAndTheDeadLetterHandler() {
        final Settings settings = Settings.of(Map.of("bootstrap.servers", "b:9092", "schema.registry.url", "mock://props",
                DetectorApp.DATA_DIR, "/var/outagewatch"));
        final var props = DetectorApp.streamsProperties(settings, DetectorApp.catalog(settings));
        assertThat(props).containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("application.id", DetectorApp.DEFAULT_APPLICATION_ID)
                .containsEntry("ensure.explicit.internal.resource.naming", true)
                .containsEntry("state.dir", "/var/outagewatch/detector")
                .containsEntry("bootstrap.servers", "b:9092")
                .containsEntry("processing.exception.handler.global.enabled", true);
        assertThat(DetectorApp.requiredTopics(DetectorApp.catalog(settings))).extracting(t -> t.name())
                .containsExactly("probe-results", "traffic-samples", "signal-points", "outage-alerts", "ingest-dead-letters",
                        "asn-metadata", "incidents", "routing-updates", "atlas-connections");
    }

    @Test
    void shouldRejectAMissingConfigFileWithOneLine() {
        final StringWriter err = new StringWriter();
        final CommandLine cli = new CommandLine(new DetectCommand()).setErr(new PrintWriter(err));
        final int code = cli.execute("--config", "/nonexistent/detector.properties");
        assertThat(code).isNotZero();
        assertThat(err.toString().strip().lines().toList()).hasSize(1);
        assertThat(List.of(err.toString())).allMatch(s -> s.contains("/nonexistent/detector.properties"));
    }
}
