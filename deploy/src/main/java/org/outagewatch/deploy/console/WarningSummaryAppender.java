package org.outagewatch.deploy.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps warnings off the terminal and says how many there were: counts WARN events by logger and message pattern
 * and writes at most one summary line per period ({@value #DEFAULT_PERIOD_MILLIS} ms), such as
 * {@code warnings in the last 1 min: 412 x Skipping point: late point for … window … [CountryRollupProcessor]}.
 * An ERROR is written once per pattern, as one line without its stack trace (the log file has it); its
 * repeats are counted like warnings. Loggers in {@code ignored} are not shown at all (the CLI's own error
 * handler, which prints its line itself).
 *
 * <p>The pattern of an event is its message template with the first argument filled in when it is a text (the
 * reason, in the {@code "Skipping record: {}. {}"} form), every other argument as {@code …}, and each word that
 * holds a digit (an id, a window, an offset, in messages that come formatted already, as Kafka's clients' do) as
 * {@code …}, without the client id Kafka's clients put in front; the text is cut before the record's coordinates
 * (the first {@code ". "}); an error code Kafka's clients put at the end ({@code Error: CONCURRENT_TRANSACTIONS}) goes
 * in front, so that one kind of retry is told from another.
 */
public final class WarningSummaryAppender extends AppenderBase<ILoggingEvent> {
    public static final long DEFAULT_PERIOD_MILLIS = 60_000;
    /** Patterns named in one summary line; the others are counted. */
    static final int NAMED = 3;
    static final int MAX_TEXT = 100;
    private static final int MAX_REASON = 200;
    /** The error code at the end of a Kafka client's warning ({@code ... attempts left). Error: CONCURRENT_TRANSACTIONS}). */
    private static final Pattern KAFKA_ERROR = Pattern.compile("Error: ([A-Z][A-Z_]{2,})\\b");

    private final long periodMillis;
    private final LongSupplier clock;
    private final Set<String> ignored;
    private final String logFile;
    private final Map<String, Count> counts = new LinkedHashMap<>();
    private final Set<String> errorsShown = new HashSet<>();
    private volatile Consumer<String> sink;
    private long lastSummaryMillis;
    private ScheduledExecutorService timer;

    /**
     * @param sink where the summary and error lines go (stderr, or the command's {@link Terminal})
     * @param periodMillis the least time between two summary lines
     * @param clock the wall clock in milliseconds
     * @param ignored loggers never shown
     * @param logFile the log file, named in each line
     */
    public WarningSummaryAppender(final Consumer<String> sink, final long periodMillis, final LongSupplier clock,
                                  final Set<String> ignored, final String logFile) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.periodMillis = periodMillis;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ignored = Set.copyOf(ignored);
        this.logFile = Objects.requireNonNull(logFile, "logFile");
        this.lastSummaryMillis = clock.getAsLong();
        setName("warning-summary");
    }

    /** Sends the lines elsewhere from now on (a command's {@link Terminal} while it shows a status line). */
    public void sink(final Consumer<String> newSink) {
        this.sink = Objects.requireNonNull(newSink, "sink");
    }

    /** Starts the appender and a daemon thread that writes the summary when a period has passed. */
    public void startTimer() {
        start();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread thread = new Thread(r, "warning-summary");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::summariseIfDue, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    protected void append(final ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.WARN) || ignored.contains(event.getLoggerName())) {
            return;
        }
        final String text = pattern(event);
        final String key = event.getLoggerName() + '\u0000' + text;
        final String where = simpleName(event.getLoggerName());
        final boolean firstError;
        synchronized (this) {
            firstError = event.getLevel() == Level.ERROR && errorsShown.add(key);
            if (!firstError) {
                counts.computeIfAbsent(key, k -> new Count(text, where)).n++;
            }
        }
        if (firstError) {
            sink.accept("error: " + firstLine(event.getFormattedMessage()) + " [" + where + "] (details in " + logFile + ")");
        }
        summariseIfDue();
    }

    /** Writes the summary line if there is something to say and a period has passed since the last one. */
    public void summariseIfDue() {
        final String line;
        synchronized (this) {
            final long now = clock.getAsLong();
            if (counts.isEmpty() || now - lastSummaryMillis < periodMillis) {
                return;
            }
            line = summary(now);
        }
        sink.accept(line);
    }

    /** Writes what is counted now, however recent the last summary (when the command ends). */
    public void summariseNow() {
        final String line;
        synchronized (this) {
            if (counts.isEmpty()) {
                return;
            }
            line = summary(clock.getAsLong());
        }
        sink.accept(line);
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
        summariseNow();
        super.stop();
    }

    private String summary(final long now) {
        final List<Count> sorted = new ArrayList<>(counts.values());
        sorted.sort((a, b) -> Long.compare(b.n, a.n));
        final long minutes = Math.max(1, Math.round((now - lastSummaryMillis) / 60_000.0));
        final StringBuilder line = new StringBuilder("warnings in the last ").append(minutes).append(" min: ");
        for (int i = 0; i < Math.min(NAMED, sorted.size()); i++) {
            final Count c = sorted.get(i);
            line.append(i == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%,d", c.n)).append(" x ")
                    .append(c.text).append(" [").append(c.where).append(']');
        }
        if (sorted.size() > NAMED) {
            long others = 0;
            for (int i = NAMED; i < sorted.size(); i++) {
                others += sorted.get(i).n;
            }
            line.append(String.format(Locale.ROOT, "; %,d more of %d other kinds", others, sorted.size() - NAMED));
        }
        line.append(" (details in ").append(logFile).append(')');
        counts.clear();
        lastSummaryMillis = now;
        return line.toString();
    }

    /** The event's pattern: see the class comment. */
    static String pattern(final ILoggingEvent event) {
        final String template = withoutClientPrefix(event.getMessage() == null ? "" : event.getMessage());
        final Object[] args = event.getArgumentArray() == null ? new Object[0] : event.getArgumentArray();
        final StringBuilder text = new StringBuilder();
        int from = 0;
        int arg = 0;
        int at = template.indexOf("{}");
        while (at >= 0) {
            text.append(template, from, at);
            final Object value = arg < args.length ? args[arg] : null;
            text.append(arg == 0 && value instanceof String reason && reason.length() <= MAX_REASON ? generic(reason) : "…");
            arg++;
            from = at + 2;
            at = template.indexOf("{}", from);
        }
        text.append(template.substring(from));
        String shown = generic(firstLine(text.toString()));
        final int coordinates = shown.indexOf(". ");
        if (coordinates > 0) {
            shown = shown.substring(0, coordinates);
        }
        final Matcher code = KAFKA_ERROR.matcher(firstLine(String.valueOf(event.getFormattedMessage())));
        if (code.find() && !shown.contains(code.group(1))) {
            // the error code Kafka's clients put last (after the cut) tells one retry from another
            shown = code.group(1) + ": " + shown;
        }
        return shown.length() > MAX_TEXT ? shown.substring(0, MAX_TEXT - 1) + "…" : shown;
    }

    /** Kafka's clients put their id in front of the template ({@code [Consumer clientId=..., groupId=...] }): not part of the pattern. */
    private static String withoutClientPrefix(final String template) {
        if (template.startsWith("[")) {
            final int end = template.indexOf("] ");
            if (end > 0) {
                return template.substring(end + 2);
            }
        }
        return template;
    }

    /** The reason with each word that holds a digit (an id, a window, an offset) as {@code …}. */
    static String generic(final String reason) {
        final StringBuilder out = new StringBuilder(reason.length());
        for (final String word : reason.split(" ")) {
            final boolean specific = word.chars().anyMatch(Character::isDigit);
            final String shown = specific ? "…" + (word.endsWith(",") || word.endsWith(":") ? word.substring(word.length() - 1) : "") : word;
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(shown);
        }
        return out.toString();
    }

    private static String firstLine(final String s) {
        final int newline = s.indexOf('\n');
        return (newline < 0 ? s : s.substring(0, newline)).strip();
    }

    private static String simpleName(final String logger) {
        return logger.substring(logger.lastIndexOf('.') + 1);
    }

    /** How many times one pattern was seen since the last summary. */
    private static final class Count {
        private final String text;
        private final String where;
        private long n;

        Count(final String text, final String where) {
            this.text = text;
            this.where = where;
        }
    }
}
