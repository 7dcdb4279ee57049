package org.outagewatch.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.deploy.cli.OutageWatchCli;
import org.outagewatch.deploy.stack.LocalStack;
import org.outagewatch.deploy.stack.Ports;
import org.outagewatch.deploy.stack.StackConfig;
import org.outagewatch.ingest.synthetic.WorldSpec;
import org.outagewatch.schemas.config.Settings;
import picocli.CommandLine;

/**
 * {@code outagewatch demo} as a user runs it, on the built artifacts (the broker process from
 * deploy/broker/target/lib, the registry process from deploy/target/outagewatch.jar), into a temporary data
 * directory on free ports: alerts for injected outages appear, and a second run resumes the same world.
 */
class DemoIntegrationTest {
    private static final Duration HISTORY = Duration.ofHours(26);
    private static final Instant WORLD_START = WorldSpec.DEFAULT_START;

    @TempDir
    Path dataDir;

    private int kafkaPort;
    private int controllerPort;
    private int registryPort;
    private Path config;

    @AfterEach
    void stopTheStack() {
        if (config != null) {
            new LocalStack(stackConfig()).stop();
        }
    }

    @Test
    void shouldPrintAlertsForInjectedOutagesAndResumeOnASecondRun() throws Exception {
        kafkaPort = Ports.findFree();
        controllerPort = Ports.findFree();
        registryPort = Ports.findFree();
        config = dataDir.resolve("stack.properties");
        Files.writeString(config, String.join("\n",
                StackConfig.BROKER_LIB + "=" + System.getProperty(StackConfig.BROKER_LIB),
                StackConfig.DISTRIBUTION_JAR + "=" + System.getProperty(StackConfig.DISTRIBUTION_JAR),
                StackConfig.KAFKA_HEAP + "=512m"), StandardCharsets.UTF_8);

        final String first = demo("--asns", "12", "--speed", "1200", "--for", "PT25S");

        assertThat(first).contains("Publishing 26 h of history", "Live:", "  dashboard   http://localhost:");
        final List<String> opened = lines(first, " OPEN ");
        assertThat(opened).as("alerts opened in the first run:%n%s", first).isNotEmpty();
        assertThat(opened).anyMatch(line -> line.contains("[matches injected"));
        assertThat(first).contains("Demo stopped:");
        final Instant clockAfterFirst = clock();
        assertThat(clockAfterFirst).isAfter(WORLD_START.plus(HISTORY));

        final String second = demo("--asns", "12", "--speed", "1200", "--for", "PT5S");

        assertThat(second).doesNotContain("Publishing").contains("Live:");
        assertThat(clock()).isAfter(clockAfterFirst);
    }

    private String demo(final String... extra) {
        final List<String> args = new ArrayList<>(List.of("demo",
                "--data-dir", dataDir.toString(),
                "--kafka-port", Integer.toString(kafkaPort),
                "--controller-port", Integer.toString(controllerPort),
                "--registry-port", Integer.toString(registryPort),
                "--config", config.toString(),
                "--history", HISTORY.toString(),
                "--api-port", "0"));
        args.addAll(List.of(extra));
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = OutageWatchCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        final int exit = cli.execute(args.toArray(String[]::new));
        // the logs are read only when the description is needed: on a failure
        assertThat(exit).as(() -> String.format("exit code; stdout:%n%s%nstderr:%n%s%nkafka.log ends:%n%s%nkafka.out ends:%n%s",
                out, err, tail(dataDir.resolve("logs/kafka.log"), 40), tail(dataDir.resolve("logs/kafka.out"), 200))).isZero();
        return out.toString();
    }

    private Instant clock() throws Exception {
        return Instant.parse(Files.readString(dataDir.resolve("demo").resolve("clock"), StandardCharsets.UTF_8).trim());
    }

    /** The last lines of a log, for a failure message (a broker that did not start leaves its thread dump in kafka.out). */
    private static String tail(final Path log, final int lines) {
        try {
            final List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(" + log + " cannot be read: " + e + ")";
        }
    }

    private static List<String> lines(final String text, final String containing) {
        return text.lines().filter(line -> line.contains(containing)).toList();
    }

    private StackConfig stackConfig() {
        return StackConfig.from(Settings.of(Map.of(
                StackConfig.DATA_DIR, dataDir.toString(),
                StackConfig.KAFKA_PORT, Integer.toString(kafkaPort),
                StackConfig.CONTROLLER_PORT, Integer.toString(controllerPort),
                StackConfig.REGISTRY_PORT, Integer.toString(registryPort))), dataDir);
    }
}
