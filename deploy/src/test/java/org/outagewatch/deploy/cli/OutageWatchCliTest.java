package org.outagewatch.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.deploy.stack.PortBinding;
import org.outagewatch.deploy.stack.Ports;
import org.outagewatch.deploy.stack.StackConfig;
import picocli.CommandLine;

class OutageWatchCliTest {
    @TempDir
    Path dataDir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = OutageWatchCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        final int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void shouldListTheCommandsInItsHelp() {
        final Run run = run("--help");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("stack").contains("registry").contains("study");
    }

    @Test
    void shouldAnswerABadFlagWithOneLineAndTheUsageCode() {
        final Run run = run("demo", "--bogus");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines().toList()).hasSize(1).first().asString()
                .startsWith("outagewatch demo: Unknown option: '--bogus'").contains("see outagewatch demo --help");
    }

    @Test
    void shouldRejectAnUnknownCommandWithTheUsageCode() {
        final Run run = run("launch");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("launch");
    }

    @Test
    void shouldReportAStoppedStackWithItsOwnExitCode() {
        final Run run = run("stack", "status", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(run.out()).contains("kafka").contains("registry").contains("stopped").contains(dataDir.toString());
    }

    @Test
    void shouldRefuseABusyPortWithOneLineNamingTheOption() throws IOException {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getByName(PortBinding.HOST))) {
            final Run run = run("stack", "start", "--data-dir", dataDir.toString(),
                    "--kafka-port", Integer.toString(holder.getLocalPort()),
                    "--controller-port", Integer.toString(Ports.findFree()),
                    "--registry-port", Integer.toString(Ports.findFree()));

            assertThat(run.exitCode()).isEqualTo(ExitCodes.PORT_IN_USE);
            assertThat(run.err().strip().lines()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("outagewatch stack start: Port " + holder.getLocalPort())
                    .contains("--kafka-port");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void shouldRejectABadPortAsUsageNamingTheSetting() {
        final Run run = run("stack", "status", "--data-dir", dataDir.toString(), "--kafka-port", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(StackConfig.KAFKA_PORT);
    }

    @Test
    void shouldSayNothingWasRunningWhenStoppingAStoppedStack() {
        final Run run = run("stack", "stop", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("kafka     was not running").contains("registry  was not running");
    }
}
