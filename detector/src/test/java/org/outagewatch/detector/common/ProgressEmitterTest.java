package org.outagewatch.detector.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

class ProgressEmitterTest {
    private static final Duration IDLE_AFTER = Duration.ofSeconds(30);
    private static final TaskId TASK = new TaskId(8, 1);

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>(new Properties(), TASK, null);
    private final List<Progress> sent = new ArrayList<>();
    /** Records waiting on the task's input; negative: not known. */
    private final AtomicLong waiting = new AtomicLong(-1);
    /** Whether the backlog watches the task's input (a count not known then means "not measured now"). */
    private boolean watched;

    private ProgressEmitter emitter() {
        final InputBacklog backlog = new InputBacklog() {
            @Override
            public OptionalLong recordsLeft(final TaskId task) {
                assertThat(task).isEqualTo(TASK);
                return waiting.get() < 0 ? OptionalLong.empty() : OptionalLong.of(waiting.get());
            }

            @Override
            public boolean watches(final TaskId task) {
                return watched;
            }
        };
        final ProgressEmitter emitter = new ProgressEmitter("probe-folder", 2,
                ProgressRules.SINGLE_TASK.withBacklog(backlog));
        context.setCurrentSystemTimeMs(0);
        emitter.init(context, Progress.NONE, sent::add);
        return emitter;
    }

    /** Runs the idle check at {@code seconds} of wall-clock time. */
    private void checkAt(final long seconds) {
        context.setCurrentSystemTimeMs(seconds * 1000);
        context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(seconds * 1000));
    }

    private List<Boolean> idleFlags() {
        return sent.stream().map(Progress::idle).toList();
    }

    @Test
    void shouldTurnIdleAfterTheWallClockRuleWhenTheBacklogIsNotKnown() {
        emitter();
        checkAt(29);
        assertThat(sent).isEmpty();
        checkAt(30);
        assertThat(idleFlags()).containsExactly(true);
        assertThat(sent.get(0).task()).isEqualTo(1);
    }

    @Test
    void shouldKeepReadersWaitingWhileItsWatchedInputIsNotMeasuredBecauseItsSilenceThenSaysNothing() {
        watched = true;
        emitter();
        checkAt(30);
        checkAt(100);
        assertThat(sent).as("assigned since the last measurement, or the broker cannot be reached").isEmpty();
        waiting.set(0);
        checkAt(101);
        assertThat(idleFlags()).containsExactly(true);
    }

    @Test
    void shouldTurnIdleAfterItsPatienceWhenItsWatchedInputIsNeverMeasured() {
        watched = true;
        emitter();
        checkAt(30L * ProgressEmitter.BACKLOG_PATIENCE - 1);
        assertThat(sent).isEmpty();
        checkAt(30L * ProgressEmitter.BACKLOG_PATIENCE);
        assertThat(idleFlags()).as("a watch that keeps failing (missing ACLs) delays idleness, does not stop it")
                .containsExactly(true);
    }

    @Test
    void shouldKeepReadersWaitingWhileRecordsWaitOnItsInput() {
        waiting.set(500);
        emitter();
        checkAt(30);
        checkAt(200);
        assertThat(sent).as("silent, but its input has records it has not read (a fetch that has not come)").isEmpty();
        waiting.set(0);
        checkAt(201);
        assertThat(idleFlags()).containsExactly(true);
    }

    @Test
    void shouldTurnIdleAnywayAfterItsPatienceSoThatOnePartitionDoesNotStopEveryReader() {
        waiting.set(500);
        emitter();
        checkAt(30L * ProgressEmitter.BACKLOG_PATIENCE - 1);
        assertThat(sent).isEmpty();
        checkAt(30L * ProgressEmitter.BACKLOG_PATIENCE);
        assertThat(idleFlags()).containsExactly(true);
    }

    @Test
    void shouldNotCountATransactionMarkerAsABacklog() {
        waiting.set(1);
        emitter();
        checkAt(30);
        assertThat(idleFlags()).containsExactly(true);
    }

    @Test
    void shouldBeBusyAgainOnItsNextRecordAndCloseWindowsAsBefore() {
        final ProgressEmitter emitter = emitter();
        checkAt(30);
        context.setCurrentSystemTimeMs(31_000);
        emitter.onRecord();
        emitter.closed(300_000);
        assertThat(sent).extracting(p -> p.idle() + "@" + p.closedThrough())
                .containsExactly("true@0", "false@0", "false@300000");
    }
}
