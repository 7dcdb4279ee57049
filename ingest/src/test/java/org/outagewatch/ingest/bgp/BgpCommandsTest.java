package org.outagewatch.ingest.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.outagewatch.ingest.app.CliErrors;
import org.outagewatch.ingest.app.IngestCommand;
import org.outagewatch.ingest.testing.LocalWebSocketServer;
import org.outagewatch.schemas.testing.SharedData;
import picocli.CommandLine;

/** {@code ingest bgp dump} and {@code ingest bgp publish --dry-run} on real files. */
class BgpCommandsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        final CommandLine cli = IngestCommand.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldDumpAFileAsBgpdumpLines() {
        final Path file = SharedData.file("bgp/mrt-bgpdump/test_data/updates.nlri_mask_trailing_bits.gz");
        assertThat(run("bgp", "dump", file.toString())).isZero();
        assertThat(out.toString()).isEqualTo("BGP4MP|1289168632|A|12.0.1.63|7018|11.8.0.0/13|7018 3549 12389 48275 51044"
                + "|IGP|12.0.1.63|0|0|6923:3339|NAG||\n");
    }

    @Test
    void shouldPrintEveryElementBeforeATruncationAndFailWithTheOffset() {
        final Path file = SharedData.file("bgp/mrt-pyasn/rib6.20151101.0600_firstMB.bz2");
        assertThat(run("bgp", "dump", file.toString())).isEqualTo(CliErrors.FAILURE);
        assertThat(out.toString().lines().count()).isEqualTo(149578);
        assertThat(err.toString()).startsWith("ingest bgp dump: " + file + ": Truncated").contains("at byte offset")
                .hasLineCount(1);
    }

    @Test
    void shouldRejectAMissingFileInOneLine() {
        assertThat(run("bgp", "dump", "no-such-file.mrt")).isEqualTo(CliErrors.FAILURE);
        assertThat(err.toString()).contains("no-such-file.mrt").hasLineCount(1);
    }

    @Test
    void shouldSerializeEveryRouteUpdateInADryRun() {
        final Path file = SharedData.file("bgp/mrt-libbgpstream/ris.rrc06.updates.1427846400.gz");
        assertThat(run("bgp", "publish", "--dry-run", "--collector", "rrc06", file.toString())).isZero();
        // 1,561 elements, 4 of them state changes between non-Established states (no RouteUpdate)
        assertThat(out.toString()).startsWith("dry run: 1,557 route updates serialized").contains("0 dead letters");
    }

    @Test
    void shouldPublishRisLiveFilesInADryRunWithDeadLetters() {
        final String dir = "bgp/ris-live/";
        assertThat(run("bgp", "ris-live", "--dry-run",
                SharedData.file(dir + "bgpkit_ris_live_messages_real.jsonl").toString(),
                SharedData.file(dir + "bgpkit_ris_live_messages_test_edited_edgecases.jsonl").toString(),
                SharedData.file(dir + "libbgpstream_ris-live-stream.jsonl").toString())).isZero();
        assertThat(out.toString()).startsWith("dry run: 15 route updates serialized").contains("7 dead letters")
                .contains("KEEPALIVE=2").contains("NOTIFICATION=1").contains("OPEN=1");
    }

    @Test
    void shouldRefuseRisLiveWithoutFilesInOneLine() {
        assertThat(run("bgp", "ris-live", "--dry-run")).isNotZero();
        assertThat(err.toString()).contains("Give RIS Live files");
    }

    @Test
    void shouldReadALiveStreamInADryRunUntilMaxMessages() throws Exception {
        final List<String> messages = new ArrayList<>();
        for (final String name : List.of("bgpkit_ris_live_messages_real.jsonl", "libbgpstream_ris-live-stream.jsonl")) {
            messages.addAll(Files.readAllLines(SharedData.file("bgp/ris-live/" + name), StandardCharsets.UTF_8));
        }
        try (LocalWebSocketServer server = new LocalWebSocketServer(2, connection -> connection == 1
                ? new LocalWebSocketServer.Script(messages.subList(0, 3), true)
                : new LocalWebSocketServer.Script(messages.subList(3, messages.size()), false))) {
            assertThat(run("bgp", "ris-live", "--live", "--dry-run", "--endpoint", server.uri().toString(),
                    "--max-messages", String.valueOf(messages.size()))).isZero();
            assertThat(server.connections()).isEqualTo(2);
        }
        assertThat(out.toString()).startsWith("dry run: 15 route updates serialized").contains("2 dead letters");
    }

    @Test
    void shouldRefuseFilesTogetherWithLive() {
        assertThat(run("bgp", "ris-live", "--live", "--dry-run", "x.jsonl")).isNotZero();
        assertThat(err.toString()).contains("not both");
    }
}
