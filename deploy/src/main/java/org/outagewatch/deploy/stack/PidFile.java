package org.outagewatch.deploy.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The PID file of one service: the process id on the first line, the process's start time on the second and, where
 * the OS has {@code /proc}, its start in clock ticks since boot on the third (so a recycled pid that now belongs to
 * another program is not taken for our service). {@link #lookup()} tells a live service from an absent or stale file.
 * The ticks decide when both are known: the start instant each JVM computes moves with a step of the wall clock, and
 * a {@code stack status} run after one must not call the running broker stale and delete its PID file.
 */
public final class PidFile {
    /** Start times read twice from the OS may differ by rounding; anything closer than this is the same process. */
    static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(1);

    private final Path path;

    public PidFile(final Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** What the PID file says about the service. */
    public sealed interface State permits Absent, Alive, Stale {
    }

    /** No PID file: the service was never started here or was stopped cleanly. */
    public record Absent() implements State {
    }

    /** The file names a live process that is still the one we started. */
    public record Alive(ProcessHandle process) implements State {
    }

    /** The file exists but its process is gone (or the pid now belongs to another program, or it is unreadable). */
    public record Stale(String reason) implements State {
    }

    /** Writes the pid and start time of the process, atomically (a reader never sees half a file). */
    public void write(final ProcessHandle process) {
        final String startedAt = process.info().startInstant().map(Instant::toString).orElse("");
        final OptionalLong ticks = ProcessStartTicks.of(process.pid());
        try {
            Files.createDirectories(path.getParent());
            final Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
            Files.writeString(tmp, process.pid() + "\n" + startedAt + "\n"
                    + (ticks.isPresent() ? ticks.getAsLong() + "\n" : ""), StandardCharsets.UTF_8);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StackSetupException("Cannot write PID file " + path + ": " + e.getMessage(), e);
        }
    }

    public State lookup() {
        if (!Files.exists(path)) {
            return new Absent();
        }
        final List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Stale("unreadable (" + e.getMessage() + ")");
        }
        final long pid;
        try {
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return new Stale("no pid in it");
        }
        if (pid <= 0) {
            return new Stale("no pid in it");
        }
        final Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return new Stale("process " + pid + " is not running");
        }
        return sameProcess(lines, process.get()) ? new Alive(process.get())
                : new Stale("pid " + pid + " now belongs to another process");
    }

    private static boolean sameProcess(final List<String> lines, final ProcessHandle process) {
        final OptionalLong recordedTicks = lines.size() > 2 ? parseLong(lines.get(2)) : OptionalLong.empty();
        final OptionalLong actualTicks = ProcessStartTicks.of(process.pid());
        if (recordedTicks.isPresent() && actualTicks.isPresent()) {
            return recordedTicks.getAsLong() == actualTicks.getAsLong();
        }
        final Optional<Instant> recorded = lines.size() > 1 ? parseInstant(lines.get(1)) : Optional.empty();
        final Optional<Instant> actual = process.info().startInstant();
        return recorded.isEmpty() || actual.isEmpty()
                || Duration.between(recorded.get(), actual.get()).abs().compareTo(START_TIME_TOLERANCE) <= 0;
    }

    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete PID file " + path, e);
        }
    }

    private static OptionalLong parseLong(final String text) {
        try {
            return OptionalLong.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static Optional<Instant> parseInstant(final String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
