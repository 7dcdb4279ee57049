package org.outagewatch.deploy.cli;

/** The exit codes of the {@code outagewatch} CLI. */
public final class ExitCodes {
    public static final int OK = 0;
    /** An unexpected failure (the log has the stack trace). */
    public static final int FAILURE = 1;
    /** Bad arguments, settings or files (picocli's own usage code). */
    public static final int USAGE = 2;
    /** {@code stack status}: a service of the stack is not running. */
    public static final int NOT_RUNNING = 3;
    /** A port the stack needs is taken. */
    public static final int PORT_IN_USE = 4;
    /** A service exited or did not become ready while starting. */
    public static final int START_FAILED = 5;
    /** The stack cannot be set up (jars missing, storage formatting failed). */
    public static final int SETUP_FAILED = 6;

    private ExitCodes() {
    }
}
