package org.outagewatch.deploy.stack;

/**
 * A TCP port a service listens on (always on {@link #HOST}), with what it is for and how the user changes it:
 * the CLI option and the setting key. Used for the busy-port check and the status output.
 */
public record PortBinding(String purpose, int port, String option, String setting) {
    public static final String HOST = "127.0.0.1";

    public PortBinding {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("Setting " + setting + " must be a port between 1 and 65535, not " + port);
        }
    }

    /** {@code 127.0.0.1:port}. */
    public String address() {
        return HOST + ":" + port;
    }

    @Override
    public String toString() {
        return port + " (" + purpose + ")";
    }
}
