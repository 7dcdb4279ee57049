package org.outagewatch.ingest.publish;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Progress of a run through events in event time (a replay, a study): events done, the event time reached,
 * events/s and an ETA, on stderr. On a terminal ({@link Mode#BAR}) a bar is redrawn in place twice a second;
 * otherwise ({@link Mode#LINES}, a log file or a pipe) one line is printed every {@code lineEvery}. The fraction done
 * is the event time reached within the span once the span's end is known ({@link #spanEnd}: every input read);
 * before that, the share of the input files' bytes read ({@link #bytes}) times the share of the events read so far
 * that are done, in event time (readers run ahead of the events done: {@link #readUpTo}). The ETA is the elapsed time
 * scaled by what is left. {@link #render} is pure, for tests.
 * Used by one thread (the byte counter may be advanced by others).
 */
public final class EventTimeProgress {
    /** How progress is shown. */
    public enum Mode { BAR, LINES, OFF }

    static final long BAR_REDRAW_NANOS = 500_000_000L;
    static final int BAR_WIDTH = 24;

    /**
     * What a progress line shows.
     *
     * @param events events done
     * @param rejected input rejected (dead letters)
     * @param first the event time of the first event (null before it)
     * @param reached the latest event time done (null before the first event)
     * @param readEnd the latest event time read so far (null when not told), or the input's last once all is read
     * @param allRead whether every input has been read, so that {@code readEnd} is the span's end
     * @param bytesRead bytes of the input files read so far
     * @param bytesTotal the input files' size (0 when unknown)
     * @param elapsedNanos time since the start
     */
    public record Snapshot(long events, long rejected, Instant first, Instant reached, Instant readEnd,
                           boolean allRead, long bytesRead, long bytesTotal, long elapsedNanos) {

        /** The share done in [0, 1], or NaN when nothing tells it. */
        public double fraction() {
            double done = Double.NaN;
            if (readEnd != null && first != null && reached != null) {
                final long span = readEnd.toEpochMilli() - first.toEpochMilli();
                done = span <= 0 ? 1.0 : clamp((reached.toEpochMilli() - first.toEpochMilli()) / (double) span);
            }
            if (allRead) {
                return done;
            }
            if (bytesTotal > 0) {
                return clamp(bytesRead / (double) bytesTotal) * (Double.isNaN(done) ? 1.0 : done);
            }
            return Double.NaN;
        }

        /** Events per second so far. */
        public double rate() {
            return elapsedNanos <= 0 ? 0.0 : events / (elapsedNanos / 1e9);
        }

        /** The time left at the pace so far, or null when it cannot be told yet. */
        public Duration eta() {
            final double f = fraction();
            if (Double.isNaN(f) || f <= 0) {
                return null;
            }
            return Duration.ofNanos((long) (elapsedNanos * (1 - f) / f));
        }

        private static double clamp(final double value) {
            return Math.max(0.0, Math.min(1.0, value));
        }
    }

    private final String label;
    private final PrintStream out;
    private final Mode mode;
    private final LongSupplier nanoClock;
    private final long lineEveryNanos;
    private final long startNanos;
    private LongSupplier bytesRead = () -> 0L;
    private long bytesTotal;
    private Instant first;
    private Instant reached;
    private long readUpTo = Long.MIN_VALUE;
    private Instant spanEnd;
    private long events;
    private long rejected;
    private long lastDrawNanos;
    private int lastLength;

    /**
     * @param label shown first on every line (such as {@code ingest replay})
     * @param out where to print (stderr in the apps)
     * @param mode a bar on a terminal, lines otherwise, or nothing
     * @param lineEvery how often a line is printed in {@link Mode#LINES}
     * @param nanoClock a monotonic clock in nanoseconds
     */
    public EventTimeProgress(final String label, final PrintStream out, final Mode mode, final Duration lineEvery,
                             final LongSupplier nanoClock) {
        this.label = Objects.requireNonNull(label, "label");
        this.out = Objects.requireNonNull(out, "out");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.lineEveryNanos = lineEvery.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.startNanos = nanoClock.getAsLong();
        this.lastDrawNanos = startNanos;
    }

    /** Progress on stderr: a bar when the JVM has a console, a line every five seconds otherwise; or nothing. */
    public static EventTimeProgress onStderr(final String label, final boolean shown) {
        final Mode mode = !shown ? Mode.OFF : System.console() != null ? Mode.BAR : Mode.LINES;
        return new EventTimeProgress(label, System.err, mode, Duration.ofSeconds(5), System::nanoTime);
    }

    public Mode mode() {
        return mode;
    }

    /** The input's size and a counter of the bytes read from it (the fraction while the span's end is unknown). */
    public void bytes(final long total, final LongSupplier read) {
        this.bytesTotal = total;
        this.bytesRead = Objects.requireNonNull(read, "read");
    }

    /** The event time of the input's last event, once known (every input read). */
    public void spanEnd(final Instant end) {
        this.spanEnd = end;
    }

    /** The latest event time read so far by readers that run ahead of the events done (epoch millis). */
    public void readUpTo(final long epochMillis) {
        this.readUpTo = epochMillis;
    }

    /** Sets the count of rejected input shown. */
    public void rejected(final long total) {
        this.rejected = total;
    }

    /** One event done at this event time; redraws when it is time to. */
    public void event(final Instant eventTime) {
        events++;
        if (first == null) {
            first = eventTime;
        }
        if (reached == null || eventTime.isAfter(reached)) {
            reached = eventTime;
        }
        if (mode != Mode.OFF) {
            final long now = nanoClock.getAsLong();
            if (now - lastDrawNanos >= (mode == Mode.BAR ? BAR_REDRAW_NANOS : lineEveryNanos)) {
                lastDrawNanos = now;
                draw(snapshot(now), false);
            }
        }
    }

    /** What would be shown now. */
    public Snapshot snapshot() {
        return snapshot(nanoClock.getAsLong());
    }

    /** Prints the final line (unless off) and returns it. */
    public String finish() {
        final Snapshot done = snapshot(nanoClock.getAsLong());
        final String line = String.format(Locale.ROOT, "%s: %,d events in %s (%,.0f events/s), event time reached %s,"
                + " %,d rejected", label, done.events(), duration(Duration.ofNanos(done.elapsedNanos())), done.rate(),
                time(done.reached()), done.rejected());
        if (mode != Mode.OFF) {
            draw(done, true);
        }
        return line;
    }

    private Snapshot snapshot(final long now) {
        final Instant readEnd = spanEnd != null ? spanEnd
                : readUpTo == Long.MIN_VALUE ? null : Instant.ofEpochMilli(readUpTo);
        return new Snapshot(events, rejected, first, reached, readEnd, spanEnd != null, bytesRead.getAsLong(), bytesTotal,
                now - startNanos);
    }

    private void draw(final Snapshot snapshot, final boolean last) {
        if (mode == Mode.BAR) {
            final String line = render(label, snapshot, true);
            final int previous = lastLength;
            lastLength = line.length();
            out.print("\r" + line + " ".repeat(Math.max(0, previous - line.length())) + (last ? System.lineSeparator() : ""));
        } else {
            out.println(render(label, snapshot, false));
        }
        out.flush();
    }

    /**
     * One progress line: with {@code bar}, {@code label [#####-------] 42%  1,234 events  event time
     * 2016-06-07T08:30Z  5,000 events/s  ETA 0:12}; without, the same words and no bar.
     */
    public static String render(final String label, final Snapshot snapshot, final boolean bar) {
        final double fraction = snapshot.fraction();
        final StringBuilder line = new StringBuilder(label).append(": ");
        if (bar) {
            final int filled = Double.isNaN(fraction) ? 0 : (int) Math.round(fraction * BAR_WIDTH);
            line.append('[').append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ");
        }
        line.append(Double.isNaN(fraction) ? "?%" : String.format(Locale.ROOT, "%.0f%%", fraction * 100));
        line.append(String.format(Locale.ROOT, ", %,d events, event time %s, %,.0f events/s", snapshot.events(),
                time(snapshot.reached()), snapshot.rate()));
        if (snapshot.rejected() > 0) {
            line.append(String.format(Locale.ROOT, ", %,d rejected", snapshot.rejected()));
        }
        final Duration eta = snapshot.eta();
        line.append(", ETA ").append(eta == null ? "?" : duration(eta));
        return line.toString();
    }

    /** An event time to the minute, {@code 2016-06-07T08:30Z}; {@code -} before the first. */
    static String time(final Instant time) {
        return time == null ? "-" : time.truncatedTo(ChronoUnit.MINUTES).toString().replace(":00Z", "Z");
    }

    /** A duration as {@code 1:02:03} or {@code 2:03}. */
    static String duration(final Duration duration) {
        final long seconds = Math.max(0, (duration.toMillis() + 500) / 1000);
        final long hours = seconds / 3600;
        return hours > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
