package org.outagewatch.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong();

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static long redraws(final String text) {
        return text.chars().filter(c -> c == '\r').count();
    }

    @Test
    void shouldRedrawAtMostOnceASecond() {
        final Progress progress = new Progress("test", out, true, nanos::get);
        for (int i = 0; i < 10_000; i++) {
            nanos.addAndGet(Progress.REDRAW_NANOS / 2000);
            progress.records(1);
        }
        // 10,000 records over 5 simulated seconds
        assertThat(redraws(printed())).isBetween(4L, 5L);
        assertThat(printed()).doesNotContain("\n");
    }

    @Test
    void shouldPrintASummaryLineWithCountsAndRate() {
        final Progress progress = new Progress("ingest test", out, true, nanos::get);
        progress.records(5000);
        progress.deadLetters(3);
        nanos.set(2 * Progress.REDRAW_NANOS);

        final String summary = progress.finish();

        assertThat(summary).isEqualTo("ingest test: 5,000 records in 2.0 s (2,500 records/s), 3 dead letters");
        assertThat(printed()).endsWith(summary + System.lineSeparator());
    }

    @Test
    void shouldPrintNothingWhenDisabled() {
        final Progress progress = new Progress("quiet", out, false, nanos::get);
        for (int i = 0; i < 1000; i++) {
            nanos.addAndGet(Progress.REDRAW_NANOS);
            progress.records(1);
        }
        assertThat(progress.finish()).contains("1,000 records");
        assertThat(progress.recordCount()).isEqualTo(1000);
        assertThat(printed()).isEmpty();
    }
}
