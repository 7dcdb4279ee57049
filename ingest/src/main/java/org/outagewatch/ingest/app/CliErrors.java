package org.outagewatch.ingest.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Makes a picocli command line report errors as one clear line on stderr: a bad argument gives
 * {@code <command>: <message> (see --help)} and exit code {@value #USAGE}; a failure while running gives
 * {@code <command>: <message>} and exit code {@value #FAILURE} (the stack trace goes to the debug log).
 */
public final class CliErrors {
    /** Exit code of a bad argument. */
    public static final int USAGE = 2;
    /** Exit code of a command that failed. */
    public static final int FAILURE = 1;

    private static final Logger LOG = LoggerFactory.getLogger(CliErrors.class);

    private CliErrors() {
    }

    /** Installs the handlers on a command line and returns it. */
    public static CommandLine install(final CommandLine commandLine) {
        commandLine.setParameterExceptionHandler((error, args) -> {
            final CommandLine failed = error.getCommandLine();
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + oneLine(error.getMessage())
                    + " (see --help)");
            failed.getErr().flush();
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((error, failed, parseResult) -> {
            LOG.debug("Command {} failed", failed.getCommandSpec().qualifiedName(), error);
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + describe(error));
            failed.getErr().flush();
            return FAILURE;
        });
        return commandLine;
    }

    private static String describe(final Throwable error) {
        final String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return error.getClass().getSimpleName();
        }
        return oneLine(message);
    }

    private static String oneLine(final String message) {
        return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
