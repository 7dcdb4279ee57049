package org.outagewatch.deploy.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.deploy.cli.ExitCodes;
import org.outagewatch.deploy.cli.OutageWatchCli;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.backtest.BacktestRecord;
import picocli.CommandLine;

class BacktestCommandTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    private static final int DAY_MINUTES = 24 * 60;
    private static final int OUTAGE_START = DAY_MINUTES + 6 * 60;
    private static final int OUTAGE_END = OUTAGE_START + 30;

    @TempDir
    Path dir;

    private static Instant at(final int minutes) {
        return T0.plusSeconds(minutes * 60L);
    }

    private String run(final String... args) {
        final StringWriter out = new StringWriter();
        final CommandLine cli = OutageWatchCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute(args)).isEqualTo(ExitCodes.OK);
        return out.toString();
    }

    @Test
    void shouldScoreASeriesFileAndWriteItsAlerts() throws IOException {
        final StringBuilder csv = new StringBuilder("timestamp,entity,signal,value\n");
        for (int minute = 0; minute < DAY_MINUTES + 9 * 60; minute += 5) {
            final boolean down = minute >= OUTAGE_START && minute < OUTAGE_END;
            csv.append(at(minute).getEpochSecond()).append(",XX,telescope.unique-sources,")
                    .append(down ? 0 : 1000 + 300 * Math.sin(2 * Math.PI * minute / DAY_MINUTES)).append('\n');
        }
        final Path series = Files.writeString(dir.resolve("series.csv"), csv);
        final Path labels = Files.writeString(dir.resolve("labels.json"),
                "{\"XX\": [[\"" + at(OUTAGE_START) + "\", \"" + at(OUTAGE_END) + "\"]]}");
        final Path alerts = dir.resolve("alerts.jsonl");
        final String out = run("backtest", "--series", series.toString(), "--labels", labels.toString(),
                "--alerts-out", alerts.toString());
        assertThat(out).contains("1 alerts").containsPattern("input\\s+1\\s+1\\s+1\\s+0\\s+1\\.000\\s+1\\.000\\s+1\\.000");
        assertThat(Files.readAllLines(alerts)).singleElement().asString()
                .contains("\"id\":\"XX|telescope.unique-sources|", "\"start\":\"" + at(OUTAGE_START) + "\"",
                        "\"end\":\"" + at(OUTAGE_END) + "\"", "\"expected\":", "\"coverage\":1");
    }

    @Test
    void shouldTakeTheDetectorSettingsFromAConfigFile() throws IOException {
        final StringBuilder csv = new StringBuilder("timestamp,entity,signal,value\n");
        for (int minute = 0; minute < DAY_MINUTES + 9 * 60; minute += 5) {
            final boolean down = minute >= OUTAGE_START && minute < OUTAGE_END;
            csv.append(at(minute).getEpochSecond()).append(",XX,telescope.unique-sources,").append(down ? 0 : 1000).append('\n');
        }
        final Path series = Files.writeString(dir.resolve("series.csv"), csv);
        assertThat(run("backtest", "--series", series.toString())).contains("1 alerts");
        // a warm-up longer than the input: the same outage raises nothing
        final Path config = Files.writeString(dir.resolve("detector.properties"), DetectorSettings.PREFIX + "warm-up=30d\n");
        assertThat(run("backtest", "--series", series.toString(), "--config", config.toString())).contains("0 alerts");

        final StringWriter err = new StringWriter();
        final CommandLine cli = OutageWatchCli.commandLine();
        cli.setErr(new PrintWriter(err));
        final Path bad = Files.writeString(dir.resolve("bad.properties"), DetectorSettings.PREFIX + "grace=soon\n");
        assertThat(cli.execute("backtest", "--series", series.toString(), "--config", bad.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).contains(DetectorSettings.PREFIX + "grace").doesNotContain("\n");
    }

    @Test
    void shouldRefuseAMissingFileWithAUsageError() {
        final StringWriter err = new StringWriter();
        final CommandLine cli = OutageWatchCli.commandLine();
        cli.setErr(new PrintWriter(err));
        final int code = cli.execute("backtest", "--series", dir.resolve("missing.csv").toString());
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).startsWith("outagewatch backtest: No such file").doesNotContain("\n");
    }

    @Test
    void shouldReadBackTheEventsItWrites() {
        final List<BacktestRecord> events = Scenarios.sparse().eventList().subList(0, 20);
        final Path file = dir.resolve("events.jsonl");
        EventsFile.write(events, file);
        assertThat(EventsFile.read(file)).isEqualTo(events);
    }

    @Test
    void shouldLabelEveryDayOfTheRepeatedShutdown() {
        final Scenario scenario = Scenarios.dailyRepeat();
        assertThat(scenario.labels().windows()).hasSize(Scenarios.ASNS / 2 * 8)
                .allSatisfy(w -> assertThat(w.start().toString()).endsWith("T01:00:00Z"));
        assertThat(scenario.labels().entities()).hasSize(Scenarios.ASNS);
    }
}
