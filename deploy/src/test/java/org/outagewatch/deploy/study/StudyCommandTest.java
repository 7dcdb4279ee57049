package org.outagewatch.deploy.study;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.deploy.backtest.KenyaBlackout;
import org.outagewatch.deploy.cli.ExitCodes;
import org.outagewatch.deploy.cli.OutageWatchCli;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.backtest.AlertSpan;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.ingest.publish.EventTimeProgress;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.testing.SharedData;
import picocli.CommandLine;

/**
 * {@code outagewatch study} on the real Kenya connection events of June 2016 ({@link KenyaBlackout}: 18 RIPE Atlas
 * probes, the nationwide blackout of 7 June), with pyasn's AS names for the Kenyan country points.
 */
class StudyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASN_NAMES = "asn-mapping/pyasn_asnames.json.gz";

    @TempDir
    static Path shared;

    private static Path folder;
    private static String report;
    private static StringWriter runOut;
    private static StringWriter runErr;
    private static int exit;

    @BeforeAll
    static void studyKenya() throws IOException {
        final Path events = SharedData.file(KenyaBlackout.EVENTS);
        folder = shared.resolve("kenya");
        runOut = new StringWriter();
        runErr = new StringWriter();
        exit = execute(runOut, runErr, "study", "--from", "2016-06-01", "--to", "2016-06-08T00:00Z",
                "--asn-metadata", SharedData.file(ASN_NAMES).toString(), "--out", folder.toString(), "atlas:" + events);
        report = exit == 0 ? Files.readString(folder.resolve(StudyReport.REPORT)) : "";
    }

    private static int execute(final StringWriter out, final StringWriter err, final String... args) {
        final CommandLine cli = OutageWatchCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldWriteAlertsIncidentsAndAReportThatNamesTheBlackoutAlert() throws IOException {
        assertThat(exit).as("%s%n%s", runOut, runErr).isEqualTo(ExitCodes.OK);
        assertThat(runOut.toString()).contains("study: 249 events, ").contains(folder.resolve("report.md").toString());
        // the alerts of the blackout: opened between the trip of Gitaru (08:29 UTC) and the end of the second burst
        final List<JsonNode> blackout = new ArrayList<>();
        for (final String line : Files.readAllLines(folder.resolve(StudyCommand.ALERTS))) {
            final JsonNode alert = JSON.readTree(line);
            final Instant start = Instant.parse(alert.path("start").asText());
            if (!start.isBefore(KenyaBlackout.TRIP.minusSeconds(600)) && start.isBefore(KenyaBlackout.END)) {
                blackout.add(alert);
            }
        }
        assertThat(blackout).isNotEmpty();
        for (final JsonNode alert : blackout) {
            assertThat(report).contains("| " + alert.path("entity").asText() + " | " + alert.path("signal").asText() + " | "
                    + alert.path("severity").asText() + " | " + StudyReport.time(Instant.parse(alert.path("start").asText())));
        }
        assertThat(Files.readAllLines(folder.resolve(StudyCommand.INCIDENTS))).isNotEmpty()
                .allSatisfy(line -> assertThat(JSON.readTree(line).path("incidentId").asText()).isNotEmpty());
        assertThat(report).contains("# Study: 2016-06-01 to 2016-06-07", "| atlas | `", "249 events read",
                "## Incidents", "KE", "> ");
    }

    @Test
    void shouldEmbedAValidSvgChartPerIncidentByARelativeLink() throws Exception {
        assertThat(exit).isEqualTo(ExitCodes.OK);
        final Matcher links = Pattern.compile("!\\[[^]]*]\\((incident-\\d+\\.svg)\\)").matcher(report);
        final List<String> charts = new ArrayList<>();
        while (links.find()) {
            charts.add(links.group(1));
        }
        assertThat(charts).isNotEmpty();
        for (final String chart : charts) {
            final Path svg = folder.resolve(chart);
            assertThat(svg).exists();
            assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile())
                    .getDocumentElement().getTagName()).isEqualTo("svg");
            assertThat(Files.readString(svg)).contains("class=\"alert\"", "class=\"observed\"", "class=\"expected\"");
        }
    }

    @Test
    void shouldChartWhatTheBaselineExpectedWhenItOpenedEachAlert() {
        // the charts' expected values come from the baseline model over the captured points: at the window that
        // opened an alert, they equal the alert's evidence
        final DetectorSettings settings = DetectorSettings.defaults();
        final List<BacktestRecord> events = KenyaBlackout.events(SharedData.file(KenyaBlackout.EVENTS)).stream()
                .filter(r -> !r.eventTime().isBefore(Instant.parse("2016-06-05T00:00:00Z"))).toList();
        final Study.Result result = Study.run(settings, List.of(), events, label -> new EventTimeProgress(label,
                System.err, EventTimeProgress.Mode.OFF, java.time.Duration.ofSeconds(5), System::nanoTime));
        assertThat(result.alerts()).isNotEmpty();
        for (final AlertSpan alert : result.alerts()) {
            final List<SignalPoint> points = result.series().get(alert.entity() + "|" + alert.signal());
            assertThat(points).as(alert.id()).isNotEmpty();
            final SvgChart.Point opening = ExpectedSeries.of(points, settings).stream()
                    .filter(p -> p.end().equals(alert.openedAt())).findFirst().orElseThrow();
            assertThat(opening.expected()).as(alert.id()).isCloseTo(alert.expected(),
                    org.assertj.core.data.Offset.offset(1e-9));
            assertThat(opening.observed()).as(alert.id()).isEqualTo(alert.observed());
        }
    }
}
