package org.outagewatch.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicCatalog;
import picocli.CommandLine;

class TrafficCommandTest {
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

    private static String resource(final String name) {
        try {
            return Path.of(TrafficCommandTest.class.getResource("/traffic/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String table(final Path dir) throws IOException {
        return Files.writeString(dir.resolve("ipasn.dat"), "192.0.2.0/24\t64500\n198.51.100.0/24\t64501\n"
                + "203.0.113.0/24\t64502\n2001:db8::/32\t64503\n").toString();
    }

    @Test
    void shouldDryRunCountersWithAPrefixTable(@TempDir final Path dir) throws IOException {
        assertThat(run("traffic", "--dry-run", "--prefix-table", table(dir), resource("counters.csv"),
                resource("counters.jsonl"))).isZero();
        assertThat(out.toString()).contains(CATALOG.trafficSamples().name()).contains("12 records")
                .contains("6 dead letters");
    }

    @Test
    void shouldDryRunGoflow2Flows(@TempDir final Path dir) throws IOException {
        assertThat(run("flows", "--dry-run", "--interval", "5m", "--prefix-table", table(dir), resource("goflow2.jsonl")))
                .isZero();
        assertThat(out.toString()).contains("flows aggregated").contains(CATALOG.trafficSamples().name())
                .contains("9 records").contains("3 dead letters");
    }

    @Test
    void shouldRejectABadIntervalWithOneLine() {
        assertThat(run("flows", "--dry-run", "--interval", "soon", resource("goflow2.jsonl"))).isEqualTo(CliErrors.USAGE);
        assertThat(err.toString().lines().toList()).singleElement().asString().contains("soon");
    }
}
