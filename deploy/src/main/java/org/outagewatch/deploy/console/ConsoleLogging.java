package org.outagewatch.deploy.console;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.outagewatch.deploy.stack.ProjectHome;
import org.outagewatch.deploy.stack.StackConfig;
import org.outagewatch.schemas.config.Settings;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;

/**
 * Where an {@code outagewatch} command's logs go: to a file, {@code <data dir>/logs/outagewatch-<command>.log}
 * (named once on stderr at start), and never to the terminal, which shows only what a person acts on. WARN and
 * ERROR events are summarised there by a {@link WarningSummaryAppender} (one line a minute at most, each error
 * once). {@code --verbose} brings the full log back to stderr as well.
 *
 * <p>Installed by {@code OutageWatchCli.main} as picocli's execution strategy, so it knows the command and its
 * {@code --data-dir} before the command runs. Processes the local stack starts itself ({@code -Doutagewatch.service},
 * such as the registry) keep {@code logback.xml}: stderr, which the stack writes to their own log file.
 */
public final class ConsoleLogging {
    public static final String FILE_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
    public static final String STDERR_PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
    /** Set on processes the local stack runs (the registry): they keep logback.xml. */
    public static final String SERVICE_PROPERTY = "outagewatch.service";
    /** The CLI's error handler prints its own one-line message; its log event goes to the file only. */
    static final String CLI_ERRORS_LOGGER = "org.outagewatch.deploy.cli.CliErrors";
    /** A log file is rolled when it reaches this size (a detector that warns per record can write 15 MB a minute). */
    static final String MAX_FILE_SIZE = "50MB";
    static final int OLD_FILES = 3;
    private static final String VERBOSE = "--verbose";
    private static final String DATA_DIR = "--data-dir";

    private static volatile WarningSummaryAppender summary;

    private ConsoleLogging() {
    }

    /** picocli's execution strategy: configures the logs for the parsed command, then runs it. */
    public static IExecutionStrategy executionStrategy() {
        return ConsoleLogging::execute;
    }

    private static int execute(final ParseResult parsed) {
        final List<CommandLine> chain = parsed.asCommandLineList();
        final CommandLine leaf = chain.get(chain.size() - 1);
        if (System.getProperty(SERVICE_PROPERTY) == null && !helpRequested(parsed)) {
            final Path logFile = logFile(dataDir(parsed), leaf.getCommandSpec().qualifiedName("-"));
            configure(logFile, verbose(parsed), leaf.getErr());
        }
        try {
            return new CommandLine.RunLast().execute(parsed);
        } finally {
            final WarningSummaryAppender appender = summary;
            if (appender != null) {
                appender.summariseNow();
            }
        }
    }

    /**
     * Sends the logs to {@code logFile} (and, verbose, to stderr in full; otherwise summarised to {@code err}).
     * Says where the file is on {@code err}. When the file cannot be created, logs go to stderr as before.
     */
    public static void configure(final Path logFile, final boolean verbose, final PrintWriter err) {
        final ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
        } catch (IOException e) {
            err.println("outagewatch: cannot create " + logFile.getParent() + " (" + e.getMessage() + "); logging to stderr");
            err.flush();
            return;
        }
        context.reset();
        final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        context.getLogger("org.outagewatch").setLevel(Level.INFO);
        root.addAppender(fileAppender(context, logFile));
        if (verbose) {
            root.addAppender(stderrAppender(context));
            summary = null;
        } else {
            final WarningSummaryAppender appender = new WarningSummaryAppender(line -> {
                err.println(line);
                err.flush();
            }, WarningSummaryAppender.DEFAULT_PERIOD_MILLIS, System::currentTimeMillis, Set.of(CLI_ERRORS_LOGGER),
                    logFile.toString());
            appender.setContext(context);
            appender.startTimer();
            root.addAppender(appender);
            summary = appender;
        }
        err.println("outagewatch: logs in " + logFile + (verbose ? " and on stderr" : ""));
        err.flush();
    }

    /**
     * Sends the warning summary to {@code sink} (a {@link Terminal} showing a status line) until the returned handle
     * is closed, which sends it back. Does nothing when the logs are not summarised (verbose, or in tests).
     */
    public static AutoCloseable summariseTo(final Consumer<String> sink, final PrintWriter restore) {
        final WarningSummaryAppender appender = summary;
        if (appender == null) {
            return () -> { };
        }
        appender.sink(sink);
        return () -> appender.sink(line -> {
            restore.println(line);
            restore.flush();
        });
    }

    /** {@code <data dir>/logs/outagewatch-<command>.log}, the command path joined with hyphens. */
    static Path logFile(final Path dataDir, final String qualifiedName) {
        final String command = qualifiedName.startsWith("outagewatch-") ? qualifiedName.substring("outagewatch-".length())
                : qualifiedName;
        final String name = command.equals("outagewatch") || command.isEmpty() ? "outagewatch" : "outagewatch-" + command;
        return dataDir.resolve("logs").resolve(name + ".log");
    }

    /** The {@code --data-dir} of the command, or the stack's data directory from the environment and defaults. */
    static Path dataDir(final ParseResult parsed) {
        final Map<String, String> flags = new HashMap<>();
        for (final CommandLine command : parsed.asCommandLineList()) {
            final ParseResult own = command.getParseResult();
            if (own != null && own.hasMatchedOption(DATA_DIR)) {
                final Object value = own.matchedOptionValue(DATA_DIR, null);
                if (value != null) {
                    flags.put(StackConfig.DATA_DIR, Path.of(value.toString()).toAbsolutePath().toString());
                }
            }
        }
        try {
            return StackConfig.from(Settings.load(Map.of(), null, System.getenv(), flags), ProjectHome.locate()).dataDir();
        } catch (RuntimeException e) {
            return Path.of(StackConfig.DEFAULT_DATA_DIR).toAbsolutePath();
        }
    }

    private static boolean verbose(final ParseResult parsed) {
        return parsed.asCommandLineList().stream().map(CommandLine::getParseResult)
                .anyMatch(r -> r != null && r.hasMatchedOption(VERBOSE) && Boolean.TRUE.equals(r.matchedOptionValue(VERBOSE, false)));
    }

    private static boolean helpRequested(final ParseResult parsed) {
        return parsed.asCommandLineList().stream().map(CommandLine::getParseResult)
                .anyMatch(r -> r != null && (r.isUsageHelpRequested() || r.isVersionHelpRequested()))
                || parsed.asCommandLineList().stream().anyMatch(c -> c.getCommand() instanceof CommandLine.HelpCommand);
    }

    /** The log file, rolled at {@link #MAX_FILE_SIZE} to {@code .1.log} ... {@code .N.log} ({@link #OLD_FILES} kept). */
    private static FileAppender<ILoggingEvent> fileAppender(final LoggerContext context, final Path logFile) {
        final RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName("file");
        file.setFile(logFile.toString());
        file.setAppend(true);
        file.setEncoder(encoder(context, FILE_PATTERN));
        final FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(file);
        final String name = logFile.getFileName().toString();
        rolling.setFileNamePattern(logFile.resolveSibling(name.substring(0, name.length() - ".log".length()) + ".%i.log").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(OLD_FILES);
        rolling.start();
        final SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(FileSize.valueOf(MAX_FILE_SIZE));
        trigger.start();
        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        file.start();
        return file;
    }

    private static ConsoleAppender<ILoggingEvent> stderrAppender(final LoggerContext context) {
        final ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("stderr");
        console.setTarget("System.err");
        console.setEncoder(encoder(context, STDERR_PATTERN));
        console.start();
        return console;
    }

    private static PatternLayoutEncoder encoder(final LoggerContext context, final String pattern) {
        final PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
