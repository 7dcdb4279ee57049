package org.outagewatch.deploy.stack;

/** The stack cannot be prepared: jars missing, data directory not writable, storage formatting failed. */
public final class StackSetupException extends StackException {
    public StackSetupException(final String message) {
        super(message);
    }

    public StackSetupException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
