package org.outagewatch.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventTimeProgressTest {
    private static final Instant T0 = Instant.parse("2016-06-07T00:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldRenderABarFromTheEventTimeSpanWithRateAndEta() {
        // a quarter of a 4-hour span in 10 s: 30 s left
        final EventTimeProgress.Snapshot snapshot = new EventTimeProgress.Snapshot(5_000, 0, T0,
                T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(4)), true, 0, 0, 10 * SECOND);
        assertThat(EventTimeProgress.render("ingest replay", snapshot, true)).isEqualTo(
                "ingest replay: [######------------------] 25%, 5,000 events, event time 2016-06-07T01:00Z, 500 events/s,"
                        + " ETA 0:30");
    }

    @Test
    void shouldRenderALineFromTheBytesReadWhileTheSpanIsUnknown() {
        final EventTimeProgress.Snapshot snapshot = new EventTimeProgress.Snapshot(1_200, 3, T0,
                T0.plus(Duration.ofMinutes(7)), null, false, 100, 400, 2 * SECOND);
        assertThat(EventTimeProgress.render("study", snapshot, false)).isEqualTo(
                "study: 25%, 1,200 events, event time 2016-06-07T00:07Z, 600 events/s, 3 rejected, ETA 0:06");
    }

    @Test
    void shouldScaleTheBytesReadByTheShareOfWhatWasReadThatIsDone() {
        // every byte read, but the readers are 8 hours of event time ahead of the 2 hours done: 20%, not 100%
        final EventTimeProgress.Snapshot snapshot = new EventTimeProgress.Snapshot(100, 0, T0,
                T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(10)), false, 400, 400, 2 * SECOND);
        assertThat(snapshot.fraction()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(snapshot.eta()).isEqualTo(Duration.ofSeconds(8));
        // half the bytes read and half of that done: a quarter
        assertThat(new EventTimeProgress.Snapshot(100, 0, T0, T0.plus(Duration.ofHours(5)), T0.plus(Duration.ofHours(10)),
                false, 200, 400, SECOND).fraction()).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void shouldSayUnknownBeforeAnythingTellsTheFraction() {
        final EventTimeProgress.Snapshot snapshot = new EventTimeProgress.Snapshot(0, 0, null, null, null, false, 0, 0, 0);
        assertThat(EventTimeProgress.render("x", snapshot, true))
                .isEqualTo("x: [------------------------] ?%, 0 events, event time -, 0 events/s, ETA ?");
    }

    @Test
    void shouldPrintALineEveryIntervalWhenNotATerminal() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicLong clock = new AtomicLong();
        final EventTimeProgress progress = new EventTimeProgress("replay", new PrintStream(bytes, true,
                StandardCharsets.UTF_8), EventTimeProgress.Mode.LINES, Duration.ofSeconds(5), clock::get);
        progress.spanEnd(T0.plus(Duration.ofMinutes(10)));
        for (int minute = 0; minute <= 10; minute++) {
            clock.addAndGet(SECOND);
            progress.event(T0.plus(Duration.ofMinutes(minute)));
        }
        final String finished = progress.finish();
        // lines at 5 s and 10 s, then the final one
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(3)
                .first().asString().startsWith("replay: 40%, 5 events, event time 2016-06-07T00:04Z");
        assertThat(finished).isEqualTo("replay: 11 events in 0:11 (1 events/s), event time reached 2016-06-07T00:10Z,"
                + " 0 rejected");
    }

    @Test
    void shouldRedrawTheBarInPlaceOnATerminal() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final AtomicLong clock = new AtomicLong();
        final EventTimeProgress progress = new EventTimeProgress("replay", new PrintStream(bytes, true,
                StandardCharsets.UTF_8), EventTimeProgress.Mode.BAR, Duration.ofSeconds(5), clock::get);
        clock.addAndGet(SECOND);
        progress.event(T0);
        progress.finish();
        final String shown = bytes.toString(StandardCharsets.UTF_8);
        assertThat(shown).startsWith("\rreplay: [").contains("\rreplay: [").endsWith(System.lineSeparator());
        assertThat(shown.split(System.lineSeparator(), -1)).hasSize(2);
    }

    @Test
    void shouldPrintNothingWhenOff() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final EventTimeProgress progress = new EventTimeProgress("replay", new PrintStream(bytes, true,
                StandardCharsets.UTF_8), EventTimeProgress.Mode.OFF, Duration.ofSeconds(5), System::nanoTime);
        progress.event(T0);
        assertThat(progress.finish()).startsWith("replay: 1 events");
        assertThat(bytes.size()).isZero();
    }
}
