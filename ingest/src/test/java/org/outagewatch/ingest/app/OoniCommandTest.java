package org.outagewatch.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.testing.SharedData;
import org.outagewatch.schemas.topic.TopicCatalog;
import picocli.CommandLine;

class OoniCommandTest {
    private static final TopicCatalog CATALOG = TopicCatalog.create(
            Map.of(Settings.SCHEMA_REGISTRY_URL, FileIngestRunner.DRY_RUN_REGISTRY), TopicCatalog.DEFAULT_PARTITIONS);
    private static final String DIR = "ooni/backend-fastpath-fixtures/";
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        final CommandLine commandLine = IngestCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static String file(final String name) {
        return SharedData.file(DIR + name).toString();
    }

    @Test
    void shouldDryRunRealOoniFilesWithFingerprints() {
        assertThat(run("ooni", "--dry-run", "--fingerprints", file("fingerprints_dns.json"), "--fingerprints",
                file("fingerprints_http.json"), file("web_connectivity_ir_fp.json"), file("whatsapp.json"),
                file("openvpn.json"), file("binary_city.yaml"))).isZero();
        assertThat(out.toString()).contains(CATALOG.probeResults().name()).contains("4 records")
                .contains("2 dead letters");
    }

    @Test
    void shouldRejectAMissingFingerprintFileWithOneLine() {
        assertThat(run("ooni", "--dry-run", "--fingerprints", Path.of("absent.json").toString(),
                file("whatsapp.json"))).isEqualTo(CliErrors.USAGE);
        assertThat(err.toString().lines().toList()).singleElement().asString().contains("absent.json");
    }
}
