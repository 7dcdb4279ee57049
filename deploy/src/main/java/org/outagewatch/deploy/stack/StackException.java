package org.outagewatch.deploy.stack;

/**
 * Why the local stack could not do what was asked. The message is one line for the user: what failed and
 * what to do (which setting to change, which log to read). The CLI maps each subtype to its own exit code.
 */
public abstract sealed class StackException extends RuntimeException
        permits PortInUseException, ServiceStartException, StackSetupException {

    protected StackException(final String message) {
        super(message);
    }

    protected StackException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
