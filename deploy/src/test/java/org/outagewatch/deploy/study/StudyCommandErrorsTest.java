package org.outagewatch.deploy.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.deploy.backtest.KenyaBlackout;
import org.outagewatch.deploy.cli.ExitCodes;
import org.outagewatch.deploy.cli.OutageWatchCli;
import org.outagewatch.schemas.testing.SharedData;
import picocli.CommandLine;

/** {@code outagewatch study} given bad arguments or files: one line on stderr, exit code 2, nothing run. */
class StudyCommandErrorsTest {
    @TempDir
    Path shared;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        final CommandLine cli = OutageWatchCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldRefuseASpanWithoutEventsWithOneLine() {
        assertThat(run("study", "--no-progress", "--from", "2020-01-01", "--out", shared.resolve("empty").toString(),
                "atlas:" + SharedData.file(KenyaBlackout.EVENTS))).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .contains("No event of the files falls in [2020-01-01T00:00:00Z, -): they span 2016-06-01");
    }

    @Test
    void shouldRefuseBadArgumentsAndMissingFilesWithOneLine() {
        assertThat(run("study", "--from", "yesterday", "x")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("study", "--from", "2016-06-08", "--to", "2016-06-01", "x")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("study", "atlas:/no/such/file.jsonl")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("study")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().lines().toList()).hasSize(4).satisfiesExactly(
                line -> assertThat(line).contains("'yesterday' is not a date"),
                line -> assertThat(line).contains("must be after --from"),
                line -> assertThat(line).contains("No such file: /no/such/file.jsonl"),
                line -> assertThat(line).contains("Missing required parameter"));
    }

    @Test
    void shouldRefuseAFileWithNothingReadableWithOneLineGivingTheFirstReason() throws IOException {
        final Path garbage = Files.writeString(shared.resolve("garbage.jsonl"), "not json\n{\"also\": \"not atlas\"}\n");
        assertThat(run("study", "--no-progress", "--out", shared.resolve("out").toString(), "atlas:" + garbage))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .contains("The files hold no events the detector reads (2 input records rejected; first: ",
                        "garbage.jsonl:1");
        assertThat(shared.resolve("out")).doesNotExist();
    }
}
