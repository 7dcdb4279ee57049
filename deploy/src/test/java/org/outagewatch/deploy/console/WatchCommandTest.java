package org.outagewatch.deploy.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WatchCommandTest {
    @Test
    void shouldReadShortAndIsoDurations() {
        assertThat(WatchCommand.parseDuration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(WatchCommand.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(WatchCommand.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(WatchCommand.parseDuration("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(WatchCommand.parseDuration("PT90M")).isEqualTo(Duration.ofMinutes(90));
        assertThat(WatchCommand.parseDuration("P1D")).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> WatchCommand.parseDuration("soon")).hasMessageContaining("--since must be a duration");
        assertThatThrownBy(() -> WatchCommand.parseDuration("0m")).hasMessageContaining("positive");
    }

    @Test
    void shouldNameTheLogFileAfterTheCommand() {
        final Path data = Path.of("/data");

        assertThat(ConsoleLogging.logFile(data, "outagewatch-demo")).isEqualTo(Path.of("/data/logs/outagewatch-demo.log"));
        assertThat(ConsoleLogging.logFile(data, "outagewatch-ingest-atlas")).isEqualTo(Path.of("/data/logs/outagewatch-ingest-atlas.log"));
        assertThat(ConsoleLogging.logFile(data, "outagewatch")).isEqualTo(Path.of("/data/logs/outagewatch.log"));
    }
}
