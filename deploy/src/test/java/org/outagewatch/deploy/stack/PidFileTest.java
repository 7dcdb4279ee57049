package org.outagewatch.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldBeAbsentWithoutAFile() {
        assertThat(new PidFile(dir.resolve("kafka.pid")).lookup()).isInstanceOf(PidFile.Absent.class);
    }

    @Test
    void shouldFindTheLiveProcessItRecorded() {
        final PidFile pidFile = new PidFile(dir.resolve("run/kafka.pid"));

        pidFile.write(ProcessHandle.current());

        assertThat(pidFile.lookup()).isInstanceOfSatisfying(PidFile.Alive.class,
                alive -> assertThat(alive.process().pid()).isEqualTo(ProcessHandle.current().pid()));
    }

    @Test
    void shouldCallAFileOfAnExitedProcessStale() throws Exception {
        final Process process = new ProcessBuilder("true").start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        final Path path = dir.resolve("kafka.pid");
        Files.writeString(path, process.pid() + "\n");

        assertThat(new PidFile(path).lookup()).isInstanceOfSatisfying(PidFile.Stale.class,
                stale -> assertThat(stale.reason()).contains(Long.toString(process.pid())).contains("not running"));
    }

    @Test
    void shouldCallARecycledPidStale() throws IOException {
        final Path path = dir.resolve("kafka.pid");
        final Instant longAgo = ProcessHandle.current().info().startInstant().orElseThrow().minusSeconds(3_600);
        Files.writeString(path, ProcessHandle.current().pid() + "\n" + longAgo + "\n");

        assertThat(new PidFile(path).lookup()).isInstanceOfSatisfying(PidFile.Stale.class,
                stale -> assertThat(stale.reason()).contains("another process"));
    }

    @Test
    void shouldKeepKnowingItsProcessAfterTheWallClockWasStepped() throws IOException {
        final PidFile pidFile = new PidFile(dir.resolve("kafka.pid"));
        pidFile.write(ProcessHandle.current());
        final List<String> lines = Files.readAllLines(pidFile.path());
        assertThat(lines).as("pid, start instant, start ticks since boot").hasSize(3);
        final Instant asAnotherJvmSeesItAfterAStep = Instant.parse(lines.get(1)).plusSeconds(90);
        Files.writeString(pidFile.path(), lines.get(0) + "\n" + asAnotherJvmSeesItAfterAStep + "\n" + lines.get(2) + "\n");

        assertThat(pidFile.lookup()).isInstanceOf(PidFile.Alive.class);
    }

    @Test
    void shouldCallARecycledPidStaleByItsStartTicks() throws IOException {
        final PidFile pidFile = new PidFile(dir.resolve("kafka.pid"));
        pidFile.write(ProcessHandle.current());
        final List<String> lines = Files.readAllLines(pidFile.path());
        final long otherTicks = Long.parseLong(lines.get(2)) - 1;
        Files.writeString(pidFile.path(), lines.get(0) + "\n" + lines.get(1) + "\n" + otherTicks + "\n");

        assertThat(pidFile.lookup()).isInstanceOfSatisfying(PidFile.Stale.class,
                stale -> assertThat(stale.reason()).contains("another process"));
    }

    @Test
    void shouldCallAGarbledFileStale() throws IOException {
        final Path path = dir.resolve("kafka.pid");
        Files.writeString(path, "not a pid\n");

        assertThat(new PidFile(path).lookup()).isInstanceOf(PidFile.Stale.class);
    }

    @Test
    void shouldDeleteTheFile() {
        final PidFile pidFile = new PidFile(dir.resolve("kafka.pid"));
        pidFile.write(ProcessHandle.current());

        pidFile.delete();

        assertThat(pidFile.path()).doesNotExist();
        assertThat(pidFile.lookup()).isInstanceOf(PidFile.Absent.class);
    }
}
