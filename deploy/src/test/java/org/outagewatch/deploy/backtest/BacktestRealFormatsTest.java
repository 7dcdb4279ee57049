package org.outagewatch.deploy.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.deploy.cli.ExitCodes;
import org.outagewatch.deploy.cli.OutageWatchCli;
import org.outagewatch.detector.signals.ServiceFoldProcessor;
import org.outagewatch.schemas.testing.SharedData;
import picocli.CommandLine;

/** {@code outagewatch backtest --events} over real RIPE Atlas and OONI files, through the ingest parsers. */
class BacktestRealFormatsTest {
    private static final String WEEK = "ripe-atlas/timeseries/atlas_ping_msm1042404_prb6098_2020-01-31_to_02-07.ndjson";
    private static final String TABLE = "asn-mapping/pyasn_ipasn_20140513.dat.gz";
    private static final String OONI = "ooni/backend-fastpath-fixtures/";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        final CommandLine cli = OutageWatchCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void shouldBacktestAWeekOfRealAtlasPingsWithAlertsAndIncidents() throws IOException {
        final Path alerts = dir.resolve("alerts.jsonl");
        final Path incidents = dir.resolve("incidents.txt");
        final Path points = dir.resolve("points.txt");
        final int exit = run("backtest", "--format", "atlas", "--prefix-table", SharedData.file(TABLE).toString(),
                "--events", SharedData.file(WEEK).toString(), "--alerts-out", alerts.toString(),
                "--incidents-out", incidents.toString(), "--points-out", points.toString());
        assertThat(exit).as("%s%n%s", out, err).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).as(err.toString()).contains("2520 records, 1 entities, 0 alerts");
        assertThat(err.toString()).isEmpty();
        assertThat(Files.readAllLines(alerts)).isEmpty();
        assertThat(Files.readAllLines(incidents)).isEmpty();
        // beside stage 1's feed summaries (feed/probe.reachable), every point is the one network's
        assertThat(Files.readAllLines(points)).filteredOn(line -> !line.contains("\"entity\": \"feed/"))
                .hasSizeGreaterThan(2000)
                .allSatisfy(line -> assertThat(line).contains("\"entity\": \"AS8839\"", "\"signal\": \"probe.reachable\""));
    }

    @Test
    void shouldReadAsnMetadataForIncidentsAndReportWhatItRejected() throws IOException {
        final Path incidents = dir.resolve("incidents.txt");
        final int exit = run("backtest", "--format", "atlas", "--prefix-table", SharedData.file(TABLE).toString(),
                "--asn-metadata", SharedData.file("asn-mapping/pyasn_asnames.json.gz").toString(),
                "--events", SharedData.file(WEEK).toString(), "--incidents-out", incidents.toString());
        assertThat(exit).as("%s%n%s", out, err).isEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("backtest: 1 ASN metadata entries rejected");
        assertThat(Files.readAllLines(incidents)).isEmpty();
    }

    @Test
    void shouldRollRealAtlasPingsUpToTheirCountryGivenAsnMetadata() throws IOException {
        final Path alerts = dir.resolve("alerts.jsonl");
        final Path incidents = dir.resolve("incidents.txt");
        final Path points = dir.resolve("points.txt");
        final int exit = run("backtest", "--format", "atlas", "--prefix-table", SharedData.file(TABLE).toString(),
                "--asn-metadata", SharedData.file("asn-mapping/pyasn_asnames.json.gz").toString(),
                "--events", SharedData.file(WEEK).toString(), "--alerts-out", alerts.toString(),
                "--incidents-out", incidents.toString(), "--points-out", points.toString());
        assertThat(exit).as("%s%n%s", out, err).isEqualTo(ExitCodes.OK);
        // AS8839 (SdV Plurimedia) is French: its points make FR points, and FR is an entity of the scored run
        assertThat(out.toString()).as(err.toString()).contains("2520 records, 2 entities, 0 alerts");
        assertThat(Files.readAllLines(alerts)).isEmpty();
        assertThat(Files.readAllLines(points)).filteredOn(line -> line.contains("\"entity\": \"FR\""))
                .hasSizeGreaterThan(2000)
                .allSatisfy(line -> assertThat(line).contains("\"signal\": \"probe.reachable\""));
    }

    @Test
    void shouldBacktestRealOoniMeasurementsIntoServicePoints() throws IOException {
        final Path incidents = dir.resolve("incidents.txt");
        final Path points = dir.resolve("points.txt");
        final int exit = run("backtest", "--format", "ooni",
                "--fingerprints", SharedData.file(OONI + "fingerprints_dns.json").toString(),
                "--fingerprints", SharedData.file(OONI + "fingerprints_http.json").toString(),
                "--events", SharedData.file(OONI + "web_connectivity_ir_fp.json").toString(),
                SharedData.file(OONI + "whatsapp.json").toString(),
                SharedData.file(OONI + "20250527233111.802678_ID_webconnectivity_5a37ec909dbf14e3.json").toString(),
                SharedData.file(OONI + "test_keys_none.json").toString(),
                "--incidents-out", incidents.toString(), "--points-out", points.toString());
        assertThat(exit).as("%s%n%s", out, err).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("3 records, 3 entities, 0 alerts");
        assertThat(err.toString()).contains("1 input records rejected", "test_keys_none.json:1: ",
                "test_keys null");
        assertThat(Files.readAllLines(points)).filteredOn(line -> line.contains(ServiceFoldProcessor.SIGNAL))
                .anySatisfy(line -> assertThat(line).contains("\"entity\": \"AS197207/www.facebook.com\"",
                        "\"value\": 0.0"));
    }

    @Test
    void shouldHoldAtlasAndOoniFilesOfOneWorldInOneRunByTheirPrefixes() throws IOException {
        final Path points = dir.resolve("points.txt");
        // a week of Atlas pings (atlas:) and OONI measurements of the following month (ooni:, and one unprefixed
        // file that still takes --format) in one run
        final int exit = run("backtest", "--format", "ooni", "--prefix-table", SharedData.file(TABLE).toString(),
                "--events", "atlas:" + SharedData.file(WEEK), "ooni:" + SharedData.file(OONI + "bug_352.json"),
                SharedData.file(OONI + "bug_351.json").toString(),
                "--incidents-out", dir.resolve("incidents.txt").toString(), "--points-out", points.toString());
        assertThat(exit).as("%s%n%s", out, err).isEqualTo(ExitCodes.OK);
        // AS8839 (Atlas), AS5390/fa.wikipedia.org (unprefixed OONI) and AS197207/fa.wikipedia.org (ooni:, the last
        // event, so its window never closes into a point)
        assertThat(out.toString()).as(err.toString()).contains("2522 records, 3 entities");
        assertThat(Files.readAllLines(points))
                .anySatisfy(line -> assertThat(line).contains("\"entity\": \"AS8839\"", "probe.reachable"))
                .anySatisfy(line -> assertThat(line).contains("\"entity\": \"AS5390/fa.wikipedia.org\""));
    }

    @Test
    void shouldRefuseAnUnknownPrefixAsAMissingFileWithOneLine() {
        final int exit = run("backtest", "--events", "bogus:" + SharedData.file(WEEK));
        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().lines().toList()).singleElement().asString().contains("No such file: bogus:");
    }

    @Test
    void shouldAskForTheFormatOfAFileThatIsNoDump() {
        final int exit = run("backtest", "--events", SharedData.file(WEEK).toString());
        assertThat(exit).isNotEqualTo(ExitCodes.OK);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .contains("is not an events dump", "--format dump|atlas|ooni|traffic|flows");
    }

    @Test
    void shouldReadATrafficCsvAndCountItsBadRows() throws IOException {
        final Path csv = Files.writeString(dir.resolve("traffic.csv"), """
                timestamp,key,bytes,packets
                2024-03-04T00:00:00Z,AS64500,1000,10
                2024-03-04T00:05:00Z,AS64500,-5,10
                2024-03-04T00:10:00Z,AS64500,1200,12
                """);
        final int exit = run("backtest", "--format", "traffic", "--events", csv.toString());
        assertThat(exit).as("%s%n%s", out, err).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("2 records, 1 entities, 0 alerts");
        assertThat(err.toString()).contains("1 input records rejected", "traffic.csv:3: ");
    }

    @Test
    void shouldStillReadItsOwnDumpWithTheAutomaticFormat() {
        final Path dump = dir.resolve("events.jsonl");
        assertThat(run("backtest", "--scenario", "no-outage", "--events-out", dump.toString())).isEqualTo(ExitCodes.OK);
        final String scenarioSummary = summary();
        out.getBuffer().setLength(0);
        final int exit = run("backtest", "--events", dump.toString());
        assertThat(exit).as("%s%n%s", out, err).isEqualTo(ExitCodes.OK);
        assertThat(summary()).isEqualTo(scenarioSummary).contains(" records, ");
        assertThat(err.toString()).isEmpty();
    }

    /** The "N records, M entities, K alerts" line of the last run. */
    private String summary() {
        return out.toString().lines().filter(line -> line.endsWith(" alerts")).findFirst().orElseThrow();
    }
}
