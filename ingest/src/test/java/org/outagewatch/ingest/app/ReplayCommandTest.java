package org.outagewatch.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.testing.SharedData;
import org.outagewatch.schemas.topic.TopicCatalog;
import picocli.CommandLine;

class ReplayCommandTest {
    private static final TopicCatalog CATALOG = TopicCatalog.create(
            Map.of(Settings.SCHEMA_REGISTRY_URL, FileIngestRunner.DRY_RUN_REGISTRY), TopicCatalog.DEFAULT_PARTITIONS);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        final CommandLine commandLine = IngestCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void shouldDryRunFilesOfSeveralAdaptersMerged() {
        assertThat(run("replay", "--dry-run", "--entity", "kenya", "--signal", "nab",
                "atlas:" + SharedData.file("ripe-atlas/probe-connection-events-msm7000/disco_kenya_msm7000_2016-06.jsonl"),
                "ooni:" + SharedData.file("ooni/backend-fastpath-fixtures/web_connectivity_ir_fp.json"),
                "series:" + SharedData.file("nab/data/realKnownCause/rogue_agent_key_hold.csv"))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("replayed 2,132 events from 3 files in event-time order (0 late")
                .contains(CATALOG.atlasConnections().name()).contains(CATALOG.probeResults().name())
                .contains(CATALOG.signalPoints().name()).contains("0 dead letters");
    }

    @Test
    void shouldRejectAFileWithoutAFormatWithOneLine() {
        assertThat(run("replay", "--dry-run", SharedData.file("nab/data/realKnownCause/nyc_taxi.csv").toString()))
                .isEqualTo(CliErrors.USAGE);
        assertThat(err.toString().lines().toList()).singleElement().asString().contains("No format for");
    }
}
