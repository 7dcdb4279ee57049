package org.outagewatch.deploy.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.deploy.cli.ExitCodes;
import org.outagewatch.deploy.cli.OutageWatchCli;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.backtest.BacktestRecord;
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

    /**
     * Real OONI density (0.1-0.5 tests per network, service and 5 minutes): no network's own series reaches the 3
     * tests a window it needs, so the blocking is seen by the country's pooled series alone, and fused into
     * SERVICE_BLOCKING.
     */
    @Test
    void shouldFindBlockingThatOnlyTheCountrysPooledTestsShow() {
        final IncidentScenario sparse = IncidentScenarios.sparseBlocking();
        final long perNetworkWindowsWithThreeTests = sparse.events().get().stream()
                .filter(r -> r instanceof BacktestRecord.Probe)
                .map(r -> r.entity() + "@" + r.eventTime().toEpochMilli() / 300_000L)
                .collect(Collectors.groupingBy(k -> k, Collectors.counting()))
                .values().stream().filter(n -> n >= 3).count();
        assertThat(perNetworkWindowsWithThreeTests).as("no network reaches min-coverage on its own").isZero();

        final IncidentReport.Row row = IncidentReport.run(DetectorSettings.defaults(), sparse);

        assertThat(row.match()).as(IncidentReport.table(List.of(row))).isTrue();
        assertThat(row.produced()).singleElement().satisfies(i -> {
            assertThat(i.getKind()).isEqualTo(IncidentKind.SERVICE_BLOCKING);
            assertThat(i.getCountries()).containsExactly("PK");
            assertThat(i.getServices()).containsExactly("twitter.com");
            assertThat(i.getAlertIds()).isNotEmpty().allSatisfy(id -> assertThat(id).startsWith("PK/twitter.com"));
        });
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
        // OPEN, RESOLVED, and an UPDATE between them when DE's pooled traffic (10% down: 11 of its own sds) alerts
        // too and joins the outage of its failing network
        final List<String> lines = Files.readAllLines(file);
        assertThat(out.toString()).contains(lines.size() + " incident records");
        assertThat(lines).hasSizeBetween(2, 3)
                .allSatisfy(line -> assertThat(line).contains("\"NETWORK_OUTAGE\"", "\"network:AS3320|"));
        assertThat(lines.get(0)).contains("\"OPEN\"");
        assertThat(lines.get(lines.size() - 1)).contains("\"RESOLVED\"");
    }
}
