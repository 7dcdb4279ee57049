package org.outagewatch.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
