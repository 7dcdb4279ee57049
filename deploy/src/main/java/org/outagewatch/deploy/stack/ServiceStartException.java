package org.outagewatch.deploy.stack;

/** A service process exited while starting, or did not become ready in time; the message points at its log. */
public final class ServiceStartException extends StackException {
    public ServiceStartException(final String message) {
        super(message);
    }

    public ServiceStartException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
