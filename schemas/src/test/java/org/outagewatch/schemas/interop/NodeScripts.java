package org.outagewatch.schemas.interop;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node scripts of schemas/src/test/js, copied with their package.json into schemas/target/js-interop,
 * their npm packages installed there, run with a timeout. Each script prints its result as one JSON line on
 * stdout and logs on stderr; both are logged here.
 */
final class NodeScripts {
    private static final Logger LOG = LoggerFactory.getLogger(NodeScripts.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

    private final Path dir;

    private NodeScripts(final Path dir) {
        this.dir = dir;
    }

    /** Copies the scripts and runs {@code npm install}; fails the test (never skips it) when that fails. */
    static NodeScripts install() throws IOException, InterruptedException {
        final Path module = Path.of(System.getProperty("basedir", "."));
        final Path sources = module.resolve("src/test/js");
        final Path dir = module.resolve("target/js-interop");
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(sources)) {
            for (final Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        final Result install = run(dir, INSTALL_TIMEOUT, List.of("npm", "install", "--no-audit", "--no-fund"));
        if (install.exitCode() != 0) {
            fail("npm install in " + dir + " failed with exit code " + install.exitCode() + ":\n" + install.output());
        }
        return new NodeScripts(dir);
    }

    Path dir() {
        return dir;
    }

    /** Runs {@code node script args...} and returns the JSON of its last stdout line; fails on a non-zero exit. */
    JsonNode node(final Duration timeout, final String script, final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        final Result result = run(dir, timeout, command);
        if (result.exitCode() != 0) {
            fail("node " + script + " failed with exit code " + result.exitCode() + ":\n" + result.output());
        }
        final List<String> lines = Files.readAllLines(result.stdout(), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            fail("node " + script + " printed no result:\n" + result.output());
        }
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    private record Result(int exitCode, Path stdout, String output) {
    }

    private static Result run(final Path dir, final Duration timeout, final List<String> command) throws IOException, InterruptedException {
        final Path stdout = Files.createTempFile(dir, "stdout-", ".log");
        final Path stderr = Files.createTempFile(dir, "stderr-", ".log");
        LOG.info("Running {} in {}", String.join(" ", command), dir);
        final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("KAFKAJS_NO_PARTITIONER_WARNING", "1");
        final Process process = builder.start();
        final boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        final String output = "--- stdout\n" + Files.readString(stdout, StandardCharsets.UTF_8)
                + "--- stderr\n" + Files.readString(stderr, StandardCharsets.UTF_8);
        LOG.info("{} {}:\n{}", command.get(0) + " " + command.get(1), finished ? "exited " + process.exitValue() : "timed out", output);
        if (!finished) {
            fail(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s:\n" + output);
        }
        return new Result(process.exitValue(), stdout, output);
    }
}
