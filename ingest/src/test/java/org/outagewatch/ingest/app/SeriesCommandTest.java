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

class SeriesCommandTest {
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
    void shouldDryRunANabFileWithEntityAndSignal() {
        assertThat(run("series", "--dry-run", "--entity", "nyc", "--signal", "taxi.rides", "--window", "30m",
                SharedData.file("nab/data/realKnownCause/nyc_taxi.csv").toString())).isZero();
        assertThat(out.toString()).contains(CATALOG.signalPoints().name()).contains("10,320 records")
                .contains("0 dead letters");
    }

    @Test
    void shouldRejectANegativeCoverageWithOneLine() {
        assertThat(run("series", "--dry-run", "--coverage", "-1",
                SharedData.file("nab/data/realKnownCause/nyc_taxi.csv").toString())).isEqualTo(CliErrors.USAGE);
        assertThat(err.toString().lines().toList()).singleElement().asString().contains("coverage");
    }
}
