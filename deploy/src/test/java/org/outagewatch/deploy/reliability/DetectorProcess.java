package org.outagewatch.deploy.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.outagewatch.deploy.cli.OutageWatchCli;

/**
 * {@code outagewatch detect} as a user starts it, in a JVM of its own: {@code java -cp <the distribution's classes>
 * org.outagewatch.deploy.cli.OutageWatchCli detect --bootstrap-servers ... --config detector.properties}, the same
 * main class as the {@code outagewatch} launcher's jar, with its output in {@code <logs>/detect-<n>.out}.
 */
final class DetectorProcess implements AutoCloseable {
    private final Process process;
    final Path output;

    private DetectorProcess(final Process process, final Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code detect} with these flags and properties file, working in {@code dir}. */
    static DetectorProcess start(final Path dir, final Path logs, final int n, final List<String> flags, final Path config) throws IOException {
        final List<String> arguments = new ArrayList<>();
        arguments.add("detect");
        arguments.addAll(flags);
        arguments.add("--config");
        arguments.add(config.toString());
        return cli(dir, logs.resolve("detect-" + n + ".out"), arguments);
    }

    /** Starts any {@code outagewatch} command ({@code ingest synthetic ...}) the same way, its output in {@code output}. */
    static DetectorProcess cli(final Path dir, final Path output, final List<String> arguments) throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(OutageWatchCli.class.getName());
        command.addAll(arguments);
        final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // the CLI's log file goes under the stack's data directory: the test's, not the project's
        builder.environment().put("OUTAGEWATCH_STACK_DATA_DIR", dir.resolve("stack").toString());
        final Process process = builder.start();
        return new DetectorProcess(process, output);
    }

    /** Waits for the process to end; its exit code, or empty after {@code seconds}. */
    OptionalInt waitFor(final long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? OptionalInt.of(process.exitValue())
                : OptionalInt.empty();
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL (on Unix {@link Process#destroyForcibly()} sends SIGKILL), and waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("detector " + pid() + " still alive 30 s after SIGKILL");
        }
    }

    /** The last lines of its output, for a failure message. */
    String tail() {
        try {
            final List<String> lines = Files.readAllLines(output);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM (a clean shutdown), then SIGKILL after 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
