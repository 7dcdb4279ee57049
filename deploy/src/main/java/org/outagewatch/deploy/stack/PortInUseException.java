package org.outagewatch.deploy.stack;

/** A port the stack needs is taken by another process; the message names the port and the setting to change. */
public final class PortInUseException extends StackException {
    private final PortBinding binding;

    public PortInUseException(final PortBinding binding) {
        super("Port " + binding.port() + " (" + binding.purpose() + ") on " + PortBinding.HOST
                + " is already in use; stop what holds it or choose another with " + binding.option()
                + " (setting " + binding.setting() + ")");
        this.binding = binding;
    }

    public PortBinding binding() {
        return binding;
    }
}
