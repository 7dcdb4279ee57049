package org.outagewatch.detector.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.testing.SharedData;

class LabelsAndSeriesTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void shouldReadLabelsKeepingEntitiesWithoutOutages() throws IOException {
        final Path file = dir.resolve("labels.json");
        Files.writeString(file, "{\"AS1\": [[\"" + T0 + "\", \"" + T0.plusSeconds(1800) + "\"]], \"AS2\": []}");
        final Labels labels = Labels.read(file);
        assertThat(labels.entities()).containsExactlyInAnyOrder("AS1", "AS2");
        assertThat(labels.windows()).containsExactly(new LabelWindow("AS1", T0, T0.plusSeconds(1800)));
    }

    @Test
    void shouldRejectLabelsThatAreNotAnObject() throws IOException {
        final Path file = dir.resolve("labels.json");
        Files.writeString(file, "[1, 2]");
        assertThatThrownBy(() -> Labels.read(file)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON object");
    }

    @Test
    void shouldReadSeriesInEpochSecondsAndIsoWithWindowsToTheNextPoint() throws IOException {
        final Path file = dir.resolve("series.csv");
        Files.writeString(file, "timestamp,entity,signal,value\n"
                + T0.getEpochSecond() + ",PK,telescope.unique-sources,10\n"
                + T0.plusSeconds(600) + ",PK,telescope.unique-sources,12.5\n"
                + T0.getEpochSecond() + ",IR,x,3\n");
        final List<SignalPoint> points = SeriesCsvReader.read(file);
        assertThat(points).extracting(p -> p.getEntity() + "@" + p.getWindowStart() + ".." + p.getWindowEnd() + "=" + p.getValue())
                .containsExactly("IR@" + T0 + ".." + T0.plusSeconds(300) + "=3.0",
                        "PK@" + T0 + ".." + T0.plusSeconds(600) + "=10.0",
                        "PK@" + T0.plusSeconds(600) + ".." + T0.plusSeconds(1200) + "=12.5");
    }

    @Test
    void shouldNameTheLineOfABadValue() throws IOException {
        final Path file = dir.resolve("series.csv");
        Files.writeString(file, "timestamp,entity,signal,value\n" + T0 + ",PK,x,high\n");
        assertThatThrownBy(() -> SeriesCsvReader.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("series.csv:2");
    }

    @Test
    void shouldMatchNabDataFilesToTheirLabels() {
        final Path data = SharedData.file("nab/data/realKnownCause/nyc_taxi.csv");
        final Labels labels = Labels.read(SharedData.file("nab/labels/combined_windows.json"));
        final List<SignalPoint> points = SeriesCsvReader.read(data);
        assertThat(points).isNotEmpty().allMatch(p -> p.getEntity().equals("realKnownCause/nyc_taxi.csv"));
        assertThat(labels.of("realKnownCause/nyc_taxi.csv")).hasSize(5)
                .first().extracting(LabelWindow::start).isEqualTo(Instant.parse("2014-10-30T15:30:00Z"));
    }
}
