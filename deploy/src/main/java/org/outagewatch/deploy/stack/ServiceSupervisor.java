package org.outagewatch.deploy.stack;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, stops and reports on service processes described by a {@link ServiceSpec}. The same code runs the
 * Kafka broker and the schema registry.
 * <ul>
 *   <li>start: a live PID file means "already running" (then it only waits for readiness); a stale one is
 *       removed; busy ports fail with one line naming the port and the setting; otherwise the preparation runs,
 *       the process is launched in its own session (so a Ctrl-C in the terminal that started it does not stop
 *       it), its pid is written, and it is polled until ready, exits, or the timeout passes (then it is stopped
 *       again and the error names the log file);</li>
 *   <li>stop: SIGTERM, wait up to the stop timeout, then kill; the PID file is removed;</li>
 *   <li>status: running with its pid, or stopped.</li>
 * </ul>
 */
public final class ServiceSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceSupervisor.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final Duration THREAD_DUMP_WAIT = Duration.ofSeconds(1);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    public StartOutcome start(final ServiceSpec spec) {
        final long began = System.nanoTime();
        final PidFile.State state = spec.pidFile().lookup();
        if (state instanceof PidFile.Alive alive) {
            awaitReady(spec, alive.process(), null, began, LogExcerpt.sizeOf(spec.logFile()));
            return new StartOutcome(ServiceStatus.running(spec, alive.process().pid()), true, since(began));
        }
        if (state instanceof PidFile.Stale stale) {
            LOG.warn("Removing stale PID file {} of {}: {}", spec.pidFile().path(), spec.name(), stale.reason());
            spec.pidFile().delete();
        }
        Ports.ensureFree(spec.ports());
        spec.preparation().prepare();
        final long logOffset = LogExcerpt.sizeOf(spec.logFile());
        final Process process = launch(spec);
        spec.pidFile().write(process.toHandle());
        awaitReady(spec, process.toHandle(), process, began, logOffset);
        return new StartOutcome(ServiceStatus.running(spec, process.pid()), false, since(began));
    }

    public StopOutcome stop(final ServiceSpec spec) {
        final long began = System.nanoTime();
        final PidFile.State state = spec.pidFile().lookup();
        if (!(state instanceof PidFile.Alive alive)) {
            if (state instanceof PidFile.Stale stale) {
                LOG.warn("Removing stale PID file {} of {}: {}", spec.pidFile().path(), spec.name(), stale.reason());
            }
            spec.pidFile().delete();
            return new StopOutcome(spec.name(), false, OptionalLong.empty(), false, since(began));
        }
        final boolean killed = terminate(alive.process(), spec.stopTimeout());
        spec.pidFile().delete();
        return new StopOutcome(spec.name(), true, OptionalLong.of(alive.process().pid()), killed, since(began));
    }

    public ServiceStatus status(final ServiceSpec spec) {
        final PidFile.State state = spec.pidFile().lookup();
        if (state instanceof PidFile.Alive alive) {
            return ServiceStatus.running(spec, alive.process().pid());
        }
        if (state instanceof PidFile.Stale stale) {
            LOG.warn("Removing stale PID file {} of {}: {}", spec.pidFile().path(), spec.name(), stale.reason());
            spec.pidFile().delete();
            return ServiceStatus.stopped(spec, stale.reason());
        }
        return ServiceStatus.stopped(spec, null);
    }

    private static Process launch(final ServiceSpec spec) {
        final List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            // not a process group leader, so setsid execs in place: the pid stays the service's pid
            command.add(SETSID.toString());
        }
        command.addAll(spec.command());
        try {
            Files.createDirectories(spec.consoleLog().getParent());
            Files.createDirectories(spec.workingDir());
            final ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(spec.workingDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(spec.consoleLog().toFile()));
            builder.environment().putAll(spec.environment());
            LOG.debug("Starting {}: {}", spec.name(), command);
            final Process process = builder.start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new ServiceStartException("Cannot start " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Polls readiness until ready; stops a process we launched if it does not get there, after asking a JVM for a
     * thread dump (into its console log), so the next look at a hung start has more to go on than a timeout. The
     * error quotes what the log says since the start ({@link LogExcerpt}).
     */
    private static void awaitReady(final ServiceSpec spec, final ProcessHandle handle, final Process launched,
                                   final long began, final long logOffset) {
        final long deadline = began + spec.startTimeout().toNanos();
        try (ReadinessProbe probe = spec.readiness()) {
            while (true) {
                if (!handle.isAlive()) {
                    spec.pidFile().delete();
                    final String code = launched == null ? "" : " with code " + launched.exitValue();
                    throw new ServiceStartException(spec.name() + " exited" + code + " while starting; "
                            + excerpt(spec, logOffset) + "see " + logHint(spec));
                }
                if (probe.isReady()) {
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    final String logSays = excerpt(spec, logOffset); // before the dump lands in a shared console log
                    final boolean dumped = launched != null && isJvm(spec) && threadDump(handle);
                    if (launched != null) {
                        terminate(handle, spec.stopTimeout());
                        spec.pidFile().delete();
                    }
                    throw new ServiceStartException(spec.name() + " did not become ready within "
                            + spec.startTimeout().toSeconds() + " s (" + probe.describe() + ")"
                            + (launched != null ? ", so it was stopped again" : " although it is running (pid "
                            + handle.pid() + ")") + "; " + logSays + "see " + logHint(spec)
                            + (dumped ? "; a thread dump taken before it was stopped is at the end of "
                            + spec.consoleLog() : ""));
                }
                sleep(POLL);
            }
        }
    }

    /** SIGTERM, wait, then SIGKILL; returns true when it had to kill. */
    static boolean terminate(final ProcessHandle process, final Duration timeout) {
        process.destroy();
        if (awaitExit(process, timeout)) {
            return false;
        }
        LOG.warn("Process {} did not stop within {} s of SIGTERM; killing it", process.pid(), timeout.toSeconds());
        process.destroyForcibly();
        if (!awaitExit(process, KILL_WAIT)) {
            throw new ServiceStartException("Process " + process.pid() + " survived SIGKILL for "
                    + KILL_WAIT.toSeconds() + " s");
        }
        return true;
    }

    private static boolean awaitExit(final ProcessHandle process, final Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Waiting for process " + process.pid() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceStartException("Interrupted while waiting for process " + process.pid() + " to exit", e);
        }
    }

    private static String excerpt(final ServiceSpec spec, final long logOffset) {
        return LogExcerpt.since(spec.logFile(), logOffset).map(line -> line + "; ").orElse("");
    }

    private static boolean isJvm(final ServiceSpec spec) {
        return spec.command().stream().findFirst()
                .map(program -> Path.of(program).getFileName().toString().equals("java"))
                .orElse(false);
    }

    /** SIGQUIT makes a JVM print every thread's stack to its stdout (the console log) and carry on. */
    private static boolean threadDump(final ProcessHandle process) {
        try {
            final Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
            if (!kill.waitFor(THREAD_DUMP_WAIT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                return false;
            }
            Thread.sleep(THREAD_DUMP_WAIT.toMillis());
            return true;
        } catch (IOException e) {
            LOG.debug("Cannot ask process {} for a thread dump: {}", process.pid(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String logHint(final ServiceSpec spec) {
        return spec.logFile().equals(spec.consoleLog())
                ? spec.logFile().toString()
                : spec.logFile() + " (and " + spec.consoleLog() + ")";
    }

    private static void sleep(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceStartException("Interrupted while waiting for a service to start", e);
        }
    }

    private static Duration since(final long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
