package org.outagewatch.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.io.TempDir;
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

    @Test
    void shouldMergeABzip2AtlasDumpAGzipOoniArchiveAndAnRisMrtUpdateFile(@TempDir final Path dir) throws IOException {
        // Atlas daily dumps are bzip2, OONI's archives jsonl.gz: made here from the real files
        final Path atlas = dir.resolve("connection-2016-07-26.json.bz2");
        try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(SharedData.file(
                "ripe-atlas/probe-connection-events-msm7000/disco_msm7000_2016-07-26.json.gz")));
             OutputStream bz2 = new BZip2CompressorOutputStream(Files.newOutputStream(atlas))) {
            in.transferTo(bz2);
        }
        final Path ooni = dir.resolve("ooni.jsonl.gz");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(ooni))) {
            for (final String name : new String[] {"web_connectivity_ir_fp.json", "bug_352.json"}) {
                final byte[] json = Files.readAllBytes(SharedData.file("ooni/backend-fastpath-fixtures/" + name));
                gz.write(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).toString()
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                gz.write('\n');
            }
        }
        final Path mrt = SharedData.file("bgp/mrt-libbgpstream/ris.rrc06.updates.1427846400.gz");
        assertThat(run("replay", "--dry-run", "--as-fast-as-possible", "--collector", "rrc06", "atlas:" + atlas,
                "ooni:" + ooni, "mrt:" + mrt)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("from 3 files in event-time order")
                .containsPattern(CATALOG.atlasConnections().name() + " +10,\\d{3}")
                .containsPattern(CATALOG.probeResults().name() + " +2\n")
                .containsPattern(CATALOG.routingUpdates().name() + " +1,\\d{3}");
    }

    @Test
    void shouldRefuseASpeedAndAsFastAsPossibleTogether() {
        assertThat(run("replay", "--dry-run", "--speed", "60", "--as-fast-as-possible", "atlas:" + SharedData.file(
                "ripe-atlas/probe-connection-events-msm7000/disco_kenya_msm7000_2016-06.jsonl"))).isEqualTo(CliErrors.USAGE);
        assertThat(err.toString().lines().toList()).singleElement().asString().contains("not both");
    }
}
