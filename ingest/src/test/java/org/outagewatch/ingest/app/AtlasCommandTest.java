package org.outagewatch.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.testing.SharedData;
import org.outagewatch.schemas.topic.TopicCatalog;
import picocli.CommandLine;

class AtlasCommandTest {
    private static final TopicCatalog CATALOG = TopicCatalog.create(
            Map.of(Settings.SCHEMA_REGISTRY_URL, FileIngestRunner.DRY_RUN_REGISTRY), TopicCatalog.DEFAULT_PARTITIONS);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        final CommandLine commandLine = CliErrors.install(new CommandLine(new AtlasCommand()));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void shouldDryRunRealConnectionEventsAndCountDeadLetters() {
        final Path events = SharedData.file("ripe-atlas/probe-connection-events-msm7000/disco_msm7000_2011-01-15.json.gz");
        assertThat(run("--dry-run", events.toString())).isZero();
        assertThat(out.toString()).contains(CATALOG.atlasConnections().name()).contains("1,169")
                .contains("1,835 records").contains("666 dead letters");
    }

    @Test
    void shouldDryRunAFileWithBadLinesWithoutStopping(@TempDir final Path dir) throws IOException {
        final Path file = Files.writeString(dir.resolve("r.jsonl"), "{\"type\":\"ping\",\"prb_id\":1,\"timestamp\":1445025400,"
                + "\"dst_addr\":\"193.0.6.139\",\"rcvd\":1,\"avg\":3.5}\nnot json\n");
        final Path probes = Files.writeString(dir.resolve("p.json"), "[{\"id\":1,\"asn_v4\":3333,\"country_code\":\"NL\"}]");
        assertThat(run("--dry-run", "--probes", probes.toString(), file.toString())).isZero();
        assertThat(out.toString()).contains(CATALOG.probeResults().name()).contains("2 records").contains("1 dead letters");
    }

    @Test
    void shouldRejectAMissingFileWithOneLine(@TempDir final Path dir) {
        assertThat(run("--dry-run", dir.resolve("absent.json").toString())).isEqualTo(CliErrors.USAGE);
        assertThat(err.toString().lines().toList()).singleElement().asString().startsWith("atlas: ").contains("absent.json");
    }
}
