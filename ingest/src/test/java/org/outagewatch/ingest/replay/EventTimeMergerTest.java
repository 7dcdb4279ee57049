package org.outagewatch.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.ingest.series.SeriesParser;
import org.outagewatch.ingest.series.TabularPipeline;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.RecordSink;

class EventTimeMergerTest {
    private static final Instant T0 = Instant.parse("2024-03-10T12:00:00Z");
    private static final TabularPipeline SERIES = new TabularPipeline(
            new SeriesParser(SeriesParser.DEFAULT_WINDOW, SeriesParser.DEFAULT_COVERAGE, null, "s")::parse);

    private final List<Keyed> records = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private final RecordSink sink = new RecordSink() {
        @Override
        public void accept(final Keyed record) {
            records.add(record);
        }

        @Override
        public void reject(final Origin origin, final String reason, final Throwable error, final byte[] payload) {
            rejected.add(Path.of(origin.source()).getFileName() + ":" + origin.position());
        }
    };

    private static Instant at(final int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static Path csv(final Path dir, final String entity, final int... minutes) throws IOException {
        final StringBuilder text = new StringBuilder("timestamp,entity,value\n");
        for (final int minute : minutes) {
            text.append(at(minute)).append(',').append(entity).append(",1\n");
        }
        return Files.writeString(dir.resolve(entity + ".csv"), text);
    }

    private static ReplaySource source(final Path file) {
        return new ReplaySource(file.toString(), sink -> SERIES.read(file, sink));
    }

    @Test
    void shouldMergeFilesInEventTimeOrderKeepingEventTimes(@TempDir final Path dir) throws Exception {
        final Path a = csv(dir, "a", 0, 10, 20, 30);
        final Path b = Files.writeString(dir.resolve("b.jsonl"), String.join("\n",
                "{\"timestamp\":\"" + at(5) + "\",\"entity\":\"b\",\"value\":1}",
                "{\"timestamp\":\"" + at(10) + "\",\"entity\":\"b\",\"value\":1}",
                "not json",
                "{\"timestamp\":\"" + at(25) + "\",\"entity\":\"b\",\"value\":1}", ""));
        final Path c = csv(dir, "c", 12, 3, 40, 1);

        final EventTimeMerger.Stats stats = new EventTimeMerger(EventTimeMerger.DEFAULT_REORDER_BUFFER)
                .merge(List.of(source(a), source(b), source(c)), sink, ReplayPacer.unpaced());

        assertThat(records).extracting(Keyed::eventTime).containsExactly(at(0), at(1), at(3), at(5), at(10), at(10),
                at(12), at(20), at(25), at(30), at(40));
        assertThat(records).extracting(Keyed::key).containsExactly("a|s", "c|s", "c|s", "b|s", "a|s", "b|s", "c|s",
                "a|s", "b|s", "a|s", "c|s");
        assertThat(rejected).containsExactly("b.jsonl:3");
        assertThat(stats).isEqualTo(new EventTimeMerger.Stats(11, 1, 0));
    }

    @Test
    void shouldReplayRecordsBeyondTheReorderBufferLateAndCountThem(@TempDir final Path dir) throws Exception {
        final Path c = csv(dir, "c", 10, 20, 5, 30, 1);
        final EventTimeMerger.Stats stats = new EventTimeMerger(2).merge(List.of(source(c)), sink, ReplayPacer.unpaced());
        assertThat(records).extracting(Keyed::eventTime).containsExactly(at(5), at(10), at(1), at(20), at(30));
        assertThat(stats.late()).isEqualTo(1);
    }

    @Test
    void shouldPaceAtTheGivenSpeed(@TempDir final Path dir) throws Exception {
        final Path a = csv(dir, "a", 0, 10, 5, 70);
        final long[] now = {1_000};
        final List<Long> sleeps = new ArrayList<>();
        final ReplayPacer pacer = ReplayPacer.atSpeed(60, () -> now[0], nanos -> {
            sleeps.add(nanos);
            now[0] += nanos;
        });
        new EventTimeMerger(EventTimeMerger.DEFAULT_REORDER_BUFFER).merge(List.of(source(a)), sink, pacer);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(5).toNanos(), Duration.ofSeconds(5).toNanos(),
                Duration.ofSeconds(60).toNanos());
        assertThat(pacer.sleptNanos()).isEqualTo(Duration.ofSeconds(70).toNanos());
    }

    @Test
    void shouldPassOnTheFailureOfAFileThatCannotBeRead(@TempDir final Path dir) throws Exception {
        final Path a = csv(dir, "a", 0);
        final Path absent = dir.resolve("absent.csv");
        assertThatThrownBy(() -> new EventTimeMerger(EventTimeMerger.DEFAULT_REORDER_BUFFER)
                .merge(List.of(source(a), source(absent)), sink, ReplayPacer.unpaced()))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("absent.csv");
    }
}
