package org.outagewatch.deploy.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.deploy.cli.ExitCodes;
import org.outagewatch.deploy.cli.OutageWatchCli;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.schemas.IncidentKind;
import picocli.CommandLine;

class IncidentReportTest {
    @TempDir
    Path dir;

    @Test
    void shouldMatchTheSingleNetworkScenarioAndPrintItsRow() {
        final IncidentReport.Row row = IncidentReport.run(DetectorSettings.defaults(), IncidentScenarios.singleAsn());
        assertThat(row.match()).isTrue();
        assertThat(row.produced()).singleElement().satisfies(i -> assertThat(i.getKind()).isEqualTo(IncidentKind.NETWORK_OUTAGE));
        assertThat(IncidentReport.table(List.of(row)))
                .contains("single-asn", "NETWORK_OUTAGE DE 1 ASNs (+0, +0)", "match");
    }

    @Test
    void shouldCallAnExtraIncidentAMismatch() {
        final IncidentScenario quiet = IncidentScenarios.singleAsn();
        final IncidentScenario expectingNothing = new IncidentScenario("expects-nothing", "", quiet.asns(),
                quiet.events(), List.of());
        assertThat(IncidentReport.run(DetectorSettings.defaults(), expectingNothing).match()).isFalse();
    }

    @Test
    void shouldWriteTheIncidentsOfAScenario() throws IOException {
        final Path file = dir.resolve("incidents.jsonl");
        final StringWriter out = new StringWriter();
        final CommandLine cli = OutageWatchCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("backtest", "--scenario", "single-asn", "--incidents-out", file.toString()))
                .isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("2 incident records");
        assertThat(Files.readAllLines(file)).hasSize(2).allSatisfy(line -> assertThat(line).contains("\"NETWORK_OUTAGE\""))
                .anySatisfy(line -> assertThat(line).contains("\"RESOLVED\""));
    }
}
