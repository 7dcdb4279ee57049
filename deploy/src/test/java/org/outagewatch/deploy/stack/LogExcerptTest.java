package org.outagewatch.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogExcerptTest {
    @TempDir
    Path dir;

    private Path log(final String text) throws IOException {
        return Files.writeString(dir.resolve("kafka.log"), text, StandardCharsets.UTF_8);
    }

    @Test
    void shouldQuoteTheFirstErrorWithTheExceptionUnderIt() throws IOException {
        final Path log = log("""
                [2026-12-04 05:03:09,100] INFO Starting (kafka.Kafka$)
                [2026-12-04 05:03:09,192] ERROR Unable to start acceptor for PLAINTEXT (kafka.network.DataPlaneAcceptor)
                org.apache.kafka.common.KafkaException: Socket server failed to bind to 127.0.0.1:39101: Address already in use.
                \tat kafka.network.Acceptor.openServerSocket(SocketServer.scala:726)
                [2026-12-04 05:03:09,354] ERROR Exiting Kafka due to fatal exception during startup. (kafka.Kafka$)
                """);

        assertThat(LogExcerpt.since(log, 0)).hasValue("first error in the log: [2026-12-04 05:03:09,192] ERROR Unable to"
                + " start acceptor for PLAINTEXT (kafka.network.DataPlaneAcceptor) - org.apache.kafka.common.KafkaException:"
                + " Socket server failed to bind to 127.0.0.1:39101: Address already in use.");
    }

    @Test
    void shouldQuoteTheLastLineWhenNothingFailed() throws IOException {
        final Path log = log("[t] INFO Starting\n[t] INFO Waiting for the controller\n\n");

        assertThat(LogExcerpt.since(log, 0)).hasValue("last line in the log: [t] INFO Waiting for the controller");
    }

    @Test
    void shouldShortenALongLine() throws IOException {
        final Path log = log("[t] ERROR " + "x".repeat(1_000) + "\n");

        final String excerpt = LogExcerpt.since(log, 0).orElseThrow();
        assertThat(excerpt).endsWith("xx...");
        assertThat(excerpt).hasSize("first error in the log: ".length() + LogExcerpt.MAX_CHARS);
    }

    @Test
    void shouldNotBlameWhatAnEarlierRunWrote() throws IOException {
        final Path log = log("[t] ERROR an earlier run failed\n");
        final long offset = LogExcerpt.sizeOf(log);
        Files.writeString(log, "[t] INFO this run starts\n", StandardOpenOption.APPEND);

        assertThat(LogExcerpt.since(log, offset)).hasValue("last line in the log: [t] INFO this run starts");
    }

    @Test
    void shouldReadAFileThatWasReplacedSinceFromItsStart() throws IOException {
        final Path log = log("[t] INFO a long earlier run ".repeat(10) + "\n");
        final long offset = LogExcerpt.sizeOf(log);
        log("[t] ERROR rolled over, then failed\n");

        assertThat(LogExcerpt.since(log, offset)).hasValue("first error in the log: [t] ERROR rolled over, then failed");
    }

    @Test
    void shouldSayNothingWhenNothingWasWritten() throws IOException {
        final Path log = log("[t] ERROR an earlier run failed\n");

        assertThat(LogExcerpt.since(log, LogExcerpt.sizeOf(log))).isEmpty();
        assertThat(LogExcerpt.since(dir.resolve("absent.log"), 0)).isEmpty();
        assertThat(LogExcerpt.sizeOf(dir.resolve("absent.log"))).isZero();
    }
}
