package org.outagewatch.ingest.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsWriterTest {
    private static final Instant T0 = WorldSpec.DEFAULT_START;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WorldSpec BASE = WorldSpec.defaults();
    private static final WorldSpec WORLD = BASE.withOutages(OutagePlan.random(BASE, 12, 10, 120));

    private static Instant at(final long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void shouldWriteEveryEntityWithItsOutageWindows(@TempDir final Path dir) throws Exception {
        final Path file = dir.resolve("labels.json");
        LabelsWriter.writeWindows(WORLD, WORLD.start(), WORLD.end(), file);

        final JsonNode labels = JSON.readTree(Files.readString(file));
        assertThat(labels.isObject()).isTrue();
        assertThat(labels.size()).isEqualTo(WORLD.asnCount());
        final List<Outage> read = new ArrayList<>();
        labels.fields().forEachRemaining(entry -> {
            assertThat(entry.getKey()).matches("AS\\d+");
            assertThat(entry.getValue().isArray()).isTrue();
            entry.getValue().forEach(window -> {
                assertThat(window.isArray()).isTrue();
                assertThat(window.size()).isEqualTo(2);
                final Outage outage = WORLD.outages().at(Long.parseLong(entry.getKey().substring(2)),
                        Instant.parse(window.get(0).asText()));
                assertThat(outage).isNotNull();
                assertThat(outage.end()).isEqualTo(Instant.parse(window.get(1).asText()));
                read.add(outage);
            });
        });
        assertThat(read).containsExactlyInAnyOrderElementsOf(WORLD.outages().outages());
    }

    @Test
    void shouldLabelOnlyTheOutagesOfTheSlice() throws Exception {
        final Outage first = WORLD.outages().outages().get(0);
        final JsonNode labels = JSON.readTree(LabelsWriter.windowsJson(WORLD, first.start(), first.start().plusMillis(1)));

        long windows = 0;
        for (final JsonNode list : labels) {
            windows += list.size();
        }
        assertThat(windows).isEqualTo(WORLD.outages().overlapping(first.start(), first.start().plusMillis(1)).size());
        assertThat(labels.get(first.entityId()).get(0).get(0).asText()).isEqualTo(first.start().toString());
    }

    @Test
    void shouldWriteOneJsonLinePerOutageWithDepthAndKind() throws Exception {
        final String lines = LabelsWriter.outagesJsonLines(WORLD, WORLD.start(), WORLD.end());

        final List<String> split = lines.lines().toList();
        assertThat(split).hasSize(WORLD.outages().size());
        for (int i = 0; i < split.size(); i++) {
            final JsonNode line = JSON.readTree(split.get(i));
            final Outage outage = WORLD.outages().outages().get(i);
            assertThat(line.get("entity").asText()).isEqualTo(outage.entityId());
            assertThat(line.get("start").asText()).isEqualTo(outage.start().toString());
            assertThat(line.get("end").asText()).isEqualTo(outage.end().toString());
            assertThat(line.get("depth").asDouble()).isEqualTo(outage.depth());
            assertThat(line.get("kind").asText()).isEqualTo(outage.kind().name());
            assertThat(line.get("incidentKind").asText()).isEqualTo(LabelsWriter.INCIDENT_KIND);
            assertThat(line.get("country").asText()).matches("[A-Z]{2}");
        }
    }

    @Test
    void shouldWriteAnEmptyListForANetworkWithoutOutages() throws Exception {
        final JsonNode labels = JSON.readTree(LabelsWriter.windowsJson(BASE, at(0), at(60)));
        labels.forEach(list -> assertThat(list.isEmpty()).isTrue());
        assertThat(labels.size()).isEqualTo(BASE.asnCount());
    }
}
