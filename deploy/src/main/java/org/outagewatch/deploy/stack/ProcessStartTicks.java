package org.outagewatch.deploy.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * When a process started, in clock ticks since the machine booted (field 22 of Linux's {@code /proc/<pid>/stat}).
 * Unlike {@link ProcessHandle.Info#startInstant()}, which each JVM derives from the boot time it read once at start
 * ({@code btime} in {@code /proc/stat}, itself the wall clock minus the uptime), it does not move when the wall
 * clock is stepped (NTP, a virtual machine resumed), so two JVMs always agree on it. Empty where there is no
 * {@code /proc}.
 */
final class ProcessStartTicks {
    private static final Path PROC = Path.of("/proc");
    /** Fields after the command's closing parenthesis start at field 3 (state); starttime is field 22. */
    private static final int START_TIME_INDEX = 22 - 3;

    private ProcessStartTicks() {
    }

    static OptionalLong of(final long pid) {
        return parse(read(PROC.resolve(Long.toString(pid)).resolve("stat")));
    }

    /** The start time from the text of a {@code stat} file; the command name may hold spaces and parentheses. */
    static OptionalLong parse(final String stat) {
        final int close = stat.lastIndexOf(')');
        if (close < 0) {
            return OptionalLong.empty();
        }
        final String[] fields = stat.substring(close + 1).trim().split("\\s+");
        if (fields.length <= START_TIME_INDEX) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(fields[START_TIME_INDEX]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String read(final Path stat) {
        try {
            return Files.readString(stat, StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
