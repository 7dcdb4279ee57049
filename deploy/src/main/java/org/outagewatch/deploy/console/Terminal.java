package org.outagewatch.deploy.console;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The command's output for a person: lines and blocks, and one status line. On an interactive terminal the
 * status line stays at the bottom and is redrawn in place (carriage return and erase-line); a line printed
 * meanwhile erases it, prints, and draws it again. Elsewhere (a pipe, a file) the status is printed as an
 * ordinary line at most once per {@link #statusEvery} nanoseconds. Safe to use from several threads.
 */
public final class Terminal {
    /** Without a terminal, a status line every ten seconds. */
    public static final long DEFAULT_STATUS_EVERY_NANOS = 10_000_000_000L;
    private static final String ERASE_LINE = "\r\u001b[2K";

    private final PrintWriter out;
    private final boolean interactive;
    private final long statusEvery;
    private final LongSupplier nanoClock;
    private String status;
    private long lastStatusNanos;
    private boolean statusPrinted;

    /**
     * @param out where to print (the command's stdout)
     * @param interactive whether {@code out} is a terminal that understands carriage return and erase-line
     * @param statusEvery without a terminal, the least time between two status lines, in nanoseconds
     * @param nanoClock a monotonic clock ({@code System::nanoTime})
     */
    public Terminal(final PrintWriter out, final boolean interactive, final long statusEvery, final LongSupplier nanoClock) {
        this.out = Objects.requireNonNull(out, "out");
        this.interactive = interactive;
        this.statusEvery = statusEvery;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** On the process's stdout when it is a terminal (the JVM has a console), with the default status cadence. */
    public static Terminal of(final PrintWriter out) {
        return new Terminal(out, isInteractive(), DEFAULT_STATUS_EVERY_NANOS, System::nanoTime);
    }

    /** Whether this process runs on a terminal (the JVM has a console) that is not {@code TERM=dumb}. */
    public static boolean isInteractive() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    public boolean interactive() {
        return interactive;
    }

    /** Prints a line or a block of lines, under the status line's place. */
    public synchronized void println(final String text) {
        if (interactive && status != null) {
            out.print(ERASE_LINE);
        }
        out.println(text);
        if (interactive && status != null) {
            out.print(status);
        }
        out.flush();
    }

    /** Shows the status: redrawn in place on a terminal, else printed when {@link #statusEvery} has passed. */
    public synchronized void status(final String line) {
        final long now = nanoClock.getAsLong();
        if (interactive) {
            status = line;
            out.print(ERASE_LINE + line);
            out.flush();
        } else if (!statusPrinted || now - lastStatusNanos >= statusEvery) {
            statusPrinted = true;
            lastStatusNanos = now;
            out.println(line);
            out.flush();
        }
    }

    /** Leaves the last status line where it is and ends it, so that what follows starts on a new line. */
    public synchronized void endStatus() {
        if (interactive && status != null) {
            out.println();
            out.flush();
        }
        status = null;
    }
}
