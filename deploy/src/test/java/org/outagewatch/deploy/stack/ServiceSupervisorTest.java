package org.outagewatch.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process management shared by the broker and the registry, exercised with plain OS processes. */
class ServiceSupervisorTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final ServiceSupervisor supervisor = new ServiceSupervisor();
    private ServiceSpec started;

    @AfterEach
    void stopWhatWasStarted() {
        if (started != null) {
            supervisor.stop(started);
        }
    }

    private ServiceSpec spec(final List<String> command, final ReadinessProbe readiness, final List<PortBinding> ports) {
        return new ServiceSpec("sleeper", command, dir, dir.resolve("logs/sleeper.out"), dir.resolve("logs/sleeper.out"),
                new PidFile(dir.resolve("run/sleeper.pid")), ports, ServiceSpec.Preparation.NONE, readiness,
                START_TIMEOUT, STOP_TIMEOUT, Map.of());
    }

    private static ReadinessProbe always(final boolean ready) {
        return new ReadinessProbe() {
            @Override
            public boolean isReady() {
                return ready;
            }

            @Override
            public String describe() {
                return "a test probe";
            }
        };
    }

    private static ReadinessProbe logSays(final Path log, final String text) {
        return new ReadinessProbe() {
            @Override
            public boolean isReady() {
                try {
                    return Files.exists(log) && Files.readString(log).contains(text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public String describe() {
                return "'" + text + "' in " + log;
            }
        };
    }

    @Test
    void shouldStartWritePidReportRunningAndStopWithSigterm() {
        started = spec(List.of("sleep", "60"), always(true), List.of());

        final StartOutcome outcome = supervisor.start(started);

        assertThat(outcome.alreadyRunning()).isFalse();
        final long pid = outcome.status().pid().orElseThrow();
        assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        assertThat(started.pidFile().path()).exists();
        assertThat(supervisor.status(started).running()).isTrue();

        final StopOutcome stop = supervisor.stop(started);

        assertThat(stop.wasRunning()).isTrue();
        assertThat(stop.killed()).isFalse();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(started.pidFile().path()).doesNotExist();
        assertThat(supervisor.status(started).running()).isFalse();
    }

    @Test
    void shouldSayAlreadyRunningOnASecondStart() {
        started = spec(List.of("sleep", "60"), always(true), List.of());
        final long first = supervisor.start(started).status().pid().orElseThrow();

        final StartOutcome second = supervisor.start(started);

        assertThat(second.alreadyRunning()).isTrue();
        assertThat(second.status().pid()).hasValue(first);
    }

    @Test
    void shouldKillAProcessThatIgnoresSigterm() {
        final Path out = dir.resolve("stubborn.out");
        started = new ServiceSpec("stubborn", List.of("sh", "-c", "trap '' TERM; echo ignoring TERM; exec sleep 60"),
                dir, out, out, new PidFile(dir.resolve("stubborn.pid")), List.of(), ServiceSpec.Preparation.NONE,
                logSays(out, "ignoring TERM"), START_TIMEOUT, Duration.ofSeconds(1), Map.of());
        supervisor.start(started);

        final StopOutcome stop = supervisor.stop(started);

        assertThat(stop.killed()).isTrue();
        assertThat(ProcessHandle.of(stop.pid().orElseThrow()).filter(ProcessHandle::isAlive)).isEmpty();
    }

    @Test
    void shouldPointAtTheLogWhenTheProcessExitsWhileStarting() throws IOException {
        final ServiceSpec spec = spec(List.of("sh", "-c", "echo broken config; exit 3"), always(false), List.of());

        assertThatThrownBy(() -> supervisor.start(spec))
                .isInstanceOf(ServiceStartException.class)
                .hasMessageContaining("sleeper exited with code 3")
                .hasMessageContaining(spec.logFile().toString());
        assertThat(Files.readString(spec.consoleLog())).contains("broken config");
        assertThat(spec.pidFile().path()).doesNotExist();
    }

    @Test
    void shouldQuoteTheFirstErrorThisStartWroteWhenTheProcessExits() throws IOException {
        final ServiceSpec spec = spec(List.of("sh", "-c", "echo '[t] INFO binding'; echo '[t] ERROR Unable to start acceptor';"
                + " echo 'java.net.BindException: Address already in use'; exit 1"), always(false), List.of());
        Files.createDirectories(spec.logFile().getParent());
        Files.writeString(spec.logFile(), "[t] ERROR what an earlier run said\n");

        assertThatThrownBy(() -> supervisor.start(spec))
                .isInstanceOf(ServiceStartException.class)
                .hasMessageContaining("sleeper exited with code 1 while starting; first error in the log: [t] ERROR Unable to"
                        + " start acceptor - java.net.BindException: Address already in use; see " + spec.logFile())
                .hasMessageNotContaining("earlier run");
    }

    @Test
    void shouldTakeAThreadDumpOfAJvmThatIsNotReadyInTime() throws IOException {
        final Path source = Files.writeString(dir.resolve("Hang.java"), """
                public class Hang {
                    public static void main(String[] args) throws Exception {
                        System.out.println("[t] INFO waiting for something that never comes");
                        Thread.sleep(60_000);
                    }
                }
                """);
        final String java = ProcessHandle.current().info().command().orElse("java");
        final Path out = dir.resolve("hang.out");
        final ServiceSpec spec = new ServiceSpec("hang", List.of(java, "-Xmx32m", source.toString()), dir, out, out,
                new PidFile(dir.resolve("hang.pid")), List.of(), ServiceSpec.Preparation.NONE, always(false),
                Duration.ofSeconds(6), STOP_TIMEOUT, Map.of());

        assertThatThrownBy(() -> supervisor.start(spec))
                .isInstanceOf(ServiceStartException.class)
                .hasMessageContaining("hang did not become ready within 6 s (a test probe), so it was stopped again;"
                        + " last line in the log: [t] INFO waiting for something that never comes; see " + out)
                .hasMessageEndingWith("a thread dump taken before it was stopped is at the end of " + out);
        assertThat(Files.readString(out)).contains("Full thread dump", "Hang.main");
    }

    @Test
    void shouldStopAProcessThatIsNotReadyInTimeAndSaySo() {
        final ServiceSpec spec = new ServiceSpec("slow", List.of("sleep", "60"), dir, dir.resolve("slow.out"),
                dir.resolve("slow.log"), new PidFile(dir.resolve("slow.pid")), List.of(), ServiceSpec.Preparation.NONE,
                always(false), Duration.ofSeconds(1), STOP_TIMEOUT, Map.of());

        assertThatThrownBy(() -> supervisor.start(spec))
                .isInstanceOf(ServiceStartException.class)
                .hasMessageContaining("slow did not become ready within 1 s")
                .hasMessageContaining("stopped again")
                .hasMessageContaining(dir.resolve("slow.log").toString());
        assertThat(spec.pidFile().path()).doesNotExist();
    }

    @Test
    void shouldRefuseABusyPortBeforeStartingAnything() throws IOException {
        try (ServerSocket holder = new ServerSocket(0, 1, InetAddress.getByName(PortBinding.HOST))) {
            final PortBinding binding = new PortBinding("test", holder.getLocalPort(), "--test-port", "test.port");
            final ServiceSpec spec = spec(List.of("sleep", "60"), always(true), List.of(binding));

            assertThatThrownBy(() -> supervisor.start(spec))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("--test-port");
            assertThat(spec.pidFile().path()).doesNotExist();
        }
    }

    @Test
    void shouldReplaceAStalePidFile() throws IOException {
        started = spec(List.of("sleep", "60"), always(true), List.of());
        Files.createDirectories(started.pidFile().path().getParent());
        Files.writeString(started.pidFile().path(), "999999999\n");

        assertThat(supervisor.status(started).stalePidFile()).contains("999999999");
        assertThat(started.pidFile().path()).doesNotExist();

        Files.writeString(started.pidFile().path(), "999999999\n");
        final StartOutcome outcome = supervisor.start(started);

        assertThat(outcome.alreadyRunning()).isFalse();
        assertThat(Files.readString(started.pidFile().path())).startsWith(outcome.status().pid().orElseThrow() + "\n");
    }
}
