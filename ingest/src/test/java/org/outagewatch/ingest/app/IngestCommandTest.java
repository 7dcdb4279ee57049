package org.outagewatch.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.ingest.synthetic.WorldSpec;
import org.outagewatch.schemas.config.Settings;
import picocli.CommandLine;

class IngestCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        final CommandLine commandLine = IngestCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private void assertOneLineError(final String containing) {
        assertThat(err.toString().lines().toList()).hasSize(1).first().asString()
                .startsWith("ingest synthetic: ").contains(containing);
    }

    @Test
    void shouldRejectAnUnknownFlagWithOneLine() {
        assertThat(run("synthetic", "--bogus")).isEqualTo(CliErrors.USAGE);
        assertOneLineError("--bogus");
    }

    @Test
    void shouldRejectABadNumberWithOneLine() {
        assertThat(run("synthetic", "--asns", "many")).isEqualTo(CliErrors.USAGE);
        assertOneLineError("many");
    }

    @Test
    void shouldRejectAMissingConfigFileWithOneLine(@TempDir final Path dir) {
        assertThat(run("synthetic", "--dry-run", "--config", dir.resolve("absent.properties").toString()))
                .isEqualTo(CliErrors.USAGE);
        assertOneLineError("absent.properties");
    }

    @Test
    void shouldRejectASliceOutsideTheWorldWithOneLine() {
        assertThat(run("synthetic", "--dry-run", "--days", "2", "--to", "2024-03-10T00:00:00Z")).isEqualTo(CliErrors.USAGE);
        assertOneLineError("inside the world");
    }

    @Test
    void shouldPrintUsageWithoutASource() {
        assertThat(run()).isEqualTo(CliErrors.USAGE);
        assertThat(err.toString()).contains("synthetic");
    }

    @Test
    void shouldGenerateCountAndWriteLabelsInADryRun(@TempDir final Path dir) throws Exception {
        final Path labels = dir.resolve("labels.json");
        final Path outages = dir.resolve("outages.jsonl");

        final int exit = run("synthetic", "--dry-run", "--asns", "4", "--days", "2", "--outages", "2",
                "--from", "2024-03-05T00:00:00Z", "--to", "2024-03-05T01:00:00Z",
                "--labels-out", labels.toString(), "--outages-out", outages.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("probe-results", "traffic-samples", "asn-metadata")
                .contains(String.format("%,d", 4L * WorldSpec.DEFAULT_PROBES_PER_ASN * 60))
                .contains("events/s");
        final JsonNode written = new ObjectMapper().readTree(Files.readString(labels));
        assertThat(written.size()).isEqualTo(4);
        assertThat(Files.exists(outages)).isTrue();
    }

    @Test
    void shouldTakeTheWorldFromTheConfigFileUnderTheFlags(@TempDir final Path dir) throws Exception {
        final Path config = dir.resolve("ingest.properties");
        Files.writeString(config, SyntheticCommand.ASNS + "=3\n" + SyntheticCommand.SEED + "=9\n");
        final KafkaOptions options = new KafkaOptions();
        new CommandLine(options).parseArgs("--config", config.toString(), "--bootstrap-servers", "broker:9093");

        final Settings settings = options.settings(Map.of(), Map.of("KAFKA_BOOTSTRAP_SERVERS", "env:9092",
                "OUTAGEWATCH_SYNTHETIC_SEED", "11"), Map.of(SyntheticCommand.ASNS, "5"));
        final WorldSpec world = SyntheticCommand.worldSpec(settings);

        assertThat(world.asnCount()).isEqualTo(5);
        assertThat(world.seed()).isEqualTo(11);
        assertThat(settings.get(Settings.BOOTSTRAP_SERVERS)).isEqualTo("broker:9093");
        assertThat(settings.get(Settings.SCHEMA_REGISTRY_URL)).isEqualTo(KafkaOptions.DEFAULT_SCHEMA_REGISTRY_URL);
    }
}
