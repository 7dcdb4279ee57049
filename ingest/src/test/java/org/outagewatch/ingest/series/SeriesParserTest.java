package org.outagewatch.ingest.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.RecordSink;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.testing.SharedData;

class SeriesParserTest {
    private static final Instant T0 = Instant.parse("2024-03-10T12:00:00Z");

    private final List<Keyed> records = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private final RecordSink sink = new RecordSink() {
        @Override
        public void accept(final Keyed record) {
            records.add(record);
        }

        @Override
        public void reject(final Origin origin, final String reason, final Throwable error, final byte[] payload) {
            rejected.add(origin.position() + " " + reason);
        }
    };

    private static Instant at(final int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static Path resource(final String name) {
        try {
            return Path.of(SeriesParserTest.class.getResource("/series/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private SignalPoint point(final int index) {
        return (SignalPoint) records.get(index).value();
    }

    private static SeriesParser defaults() {
        return new SeriesParser(SeriesParser.DEFAULT_WINDOW, SeriesParser.DEFAULT_COVERAGE, null, null);
    }

    @Test
    void shouldReadCsvPointsWithEpochAndIsoTimes() {
        new TabularPipeline(defaults()::parse).read(resource("points.csv"), sink);
        assertThat(records).extracting(Keyed::key)
                .containsExactly("AS64500|traffic.volume", "AS64500|traffic.volume", "PK|probe.reachable");
        assertThat(records).extracting(Keyed::eventTime).containsExactly(at(0), at(5), at(10));
        assertThat(point(0).getWindowEnd()).isEqualTo(at(0).plus(SeriesParser.DEFAULT_WINDOW));
        assertThat(point(0).getValue()).isEqualTo(1250.5);
        assertThat(point(0).getCoverage()).isEqualTo(SeriesParser.DEFAULT_COVERAGE);
        assertThat(rejected).containsExactly(
                "5 Field 'entity' is missing (give --entity for files without it)",
                "6 Field 'value' is not a number: 'many'",
                "7 Field 'timestamp' is an absurd time: 1980-01-01T00:00:00Z");
    }

    @Test
    void shouldReadJsonLinePointsWithTheirCoverage() {
        new TabularPipeline(new SeriesParser(Duration.ofMinutes(1), 3, null, null)::parse)
                .read(resource("points.jsonl"), sink);
        assertThat(records).extracting(Keyed::key)
                .containsExactly("AS64500/twitter.com|probe.reachable", "AS64500|traffic.volume");
        assertThat(point(0).getCoverage()).isEqualTo(12);
        assertThat(point(1).getCoverage()).isEqualTo(3);
        assertThat(point(1).getValue()).isEqualTo(42);
        assertThat(point(1).getWindowEnd()).isEqualTo(at(6));
        assertThat(rejected).containsExactly("3 Field 'coverage' is negative: -1");
    }

    @Test
    void shouldReadEveryNabRealKnownCauseFileWithEntityAndSignalFromOptions() throws IOException {
        final Map<String, Integer> counts = new TreeMap<>();
        try (Stream<Path> files = Files.list(SharedData.file("nab/data/realKnownCause"))) {
            for (final Path file : files.sorted().toList()) {
                final String name = file.getFileName().toString().replace(".csv", "");
                final int before = records.size();
                new TabularPipeline(new SeriesParser(SeriesParser.DEFAULT_WINDOW, 1, name, "nab.value")::parse)
                        .read(file, sink);
                counts.put(name, records.size() - before);
            }
        }
        assertThat(rejected).isEmpty();
        assertThat(counts).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "ambient_temperature_system_failure", 7267,
                "cpu_utilization_asg_misconfiguration", 18050,
                "ec2_request_latency_system_failure", 4032,
                "machine_temperature_system_failure", 22695,
                "nyc_taxi", 10320,
                "rogue_agent_key_hold", 1882,
                "rogue_agent_key_updown", 5315)));
        final Keyed taxi = records.stream().filter(r -> r.key().equals("nyc_taxi|nab.value")).findFirst().orElseThrow();
        assertThat(taxi.eventTime()).isEqualTo(Instant.parse("2014-07-01T00:00:00Z"));
        assertThat(((SignalPoint) taxi.value()).getValue()).isEqualTo(10844);
    }
}
