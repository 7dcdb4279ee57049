package org.outagewatch.deploy.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How to run one service of the local stack as a separate process: its command line, where its output and
 * log go, its PID file, the ports it listens on, how to tell it is ready, and how long to wait.
 *
 * @param name         short name used in messages and file names ({@code kafka}, {@code registry})
 * @param command      the full command line ({@code java ... main-class args})
 * @param workingDir   the process's working directory
 * @param consoleLog   where the process's stdout and stderr are appended
 * @param logFile      the log to read when it fails (may be the console log)
 * @param pidFile      the PID file
 * @param ports        the ports it binds, checked before it starts
 * @param preparation  runs before the process starts, only when it is not already running (config files, formatting)
 * @param readiness    the readiness check
 * @param startTimeout how long to wait for readiness
 * @param stopTimeout  how long to wait after SIGTERM before killing it
 * @param environment  extra environment variables
 */
public record ServiceSpec(String name, List<String> command, Path workingDir, Path consoleLog, Path logFile,
                          PidFile pidFile, List<PortBinding> ports, Preparation preparation, ReadinessProbe readiness,
                          Duration startTimeout, Duration stopTimeout, Map<String, String> environment) {

    public ServiceSpec {
        command = List.copyOf(command);
        ports = List.copyOf(ports);
        environment = Map.copyOf(environment);
    }

    /** Work done before a fresh start. */
    @FunctionalInterface
    public interface Preparation {
        Preparation NONE = () -> { };

        void prepare();
    }
}
