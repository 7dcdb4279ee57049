package org.outagewatch.deploy.cli;

import java.io.UncheckedIOException;
import org.outagewatch.deploy.stack.PortInUseException;
import org.outagewatch.deploy.stack.ServiceStartException;
import org.outagewatch.deploy.stack.StackSetupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a command into one line on stderr and an exit code ({@link ExitCodes}). Expected
 * failures (bad settings, busy ports, a service that does not start) print their message only; anything
 * else is also logged with its stack trace.
 */
final class CliErrors implements IExecutionExceptionHandler, IExitCodeExceptionMapper {
    private static final Logger LOG = LoggerFactory.getLogger(CliErrors.class);

    @Override
    public int handleExecutionException(final Exception exception, final CommandLine command, final ParseResult parsed) {
        final int code = getExitCode(exception);
        if (code == ExitCodes.FAILURE) {
            LOG.error("{} failed", command.getCommandSpec().qualifiedName(), exception);
        }
        command.getErr().println(command.getColorScheme().errorText(
                command.getCommandSpec().qualifiedName() + ": " + message(exception)));
        return code;
    }

    @Override
    public int getExitCode(final Throwable exception) {
        if (exception instanceof PortInUseException) {
            return ExitCodes.PORT_IN_USE;
        }
        if (exception instanceof ServiceStartException) {
            return ExitCodes.START_FAILED;
        }
        if (exception instanceof StackSetupException) {
            return ExitCodes.SETUP_FAILED;
        }
        if (exception instanceof IllegalArgumentException || exception instanceof CommandLine.ParameterException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILURE;
    }

    private static String message(final Throwable exception) {
        final Throwable shown = exception instanceof UncheckedIOException && exception.getCause() != null
                ? exception.getCause() : exception;
        return shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
    }
}
