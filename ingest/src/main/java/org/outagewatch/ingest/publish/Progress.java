package org.outagewatch.ingest.publish;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A one-line progress report on stderr for long ingest runs: records, records/s and dead letters, redrawn in
 * place at most once a second, and a summary line at {@link #finish()}. Prints only when enabled: stderr
 * looks like a terminal (the JVM has a console) or it was asked for; otherwise it only counts.
 * Used by one thread.
 */
public final class Progress {
    static final long REDRAW_NANOS = 1_000_000_000L;
    private static final int CHECK_EVERY = 256;

    private final String label;
    private final PrintStream out;
    private final boolean enabled;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private long records;
    private long deadLetters;
    private long lastDrawNanos;
    private long lastCheckRecords;
    private int lastLineLength;

    /**
     * @param label what is counted, shown first on the line (such as {@code ingest synthetic})
     * @param out where to print (stderr in the apps)
     * @param enabled whether to print at all
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime})
     */
    public Progress(final String label, final PrintStream out, final boolean enabled, final LongSupplier nanoClock) {
        this.label = Objects.requireNonNull(label, "label");
        this.out = Objects.requireNonNull(out, "out");
        this.enabled = enabled;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.startNanos = nanoClock.getAsLong();
        this.lastDrawNanos = startNanos;
    }

    /** Progress on stderr, enabled when the JVM has a console or when forced. */
    public static Progress onStderr(final String label, final boolean forced) {
        return new Progress(label, System.err, forced || System.console() != null, System::nanoTime);
    }

    /** Counts only; prints nothing. */
    public static Progress silent(final String label) {
        return new Progress(label, System.err, false, System::nanoTime);
    }

    public boolean enabled() {
        return enabled;
    }

    /** Counts records done and redraws the line when a second has passed. */
    public void records(final long done) {
        records += done;
        if (enabled && records - lastCheckRecords >= CHECK_EVERY) {
            lastCheckRecords = records;
            final long now = nanoClock.getAsLong();
            if (now - lastDrawNanos >= REDRAW_NANOS) {
                lastDrawNanos = now;
                draw(now);
            }
        }
    }

    /** Sets the dead-letter count shown. */
    public void deadLetters(final long total) {
        deadLetters = total;
    }

    public long recordCount() {
        return records;
    }

    /** Prints the summary line (when enabled) and returns it. */
    public String finish() {
        final long now = nanoClock.getAsLong();
        final String summary = String.format(Locale.ROOT, "%s: %,d records in %.1f s (%,.0f records/s), %,d dead letters",
                label, records, (now - startNanos) / 1e9, rate(now), deadLetters);
        if (enabled) {
            out.print("\r" + pad(summary) + System.lineSeparator());
            out.flush();
        }
        return summary;
    }

    /** Time since this progress started. */
    public Duration elapsed() {
        return Duration.ofNanos(nanoClock.getAsLong() - startNanos);
    }

    private void draw(final long now) {
        final String line = String.format(Locale.ROOT, "%s: %,d records, %,.0f records/s, %,d dead letters",
                label, records, rate(now), deadLetters);
        out.print("\r" + pad(line));
        out.flush();
    }

    private double rate(final long now) {
        final double seconds = (now - startNanos) / 1e9;
        return seconds <= 0 ? 0.0 : records / seconds;
    }

    private String pad(final String line) {
        final int previous = lastLineLength;
        lastLineLength = line.length();
        return line.length() >= previous ? line : line + " ".repeat(previous - line.length());
    }
}
