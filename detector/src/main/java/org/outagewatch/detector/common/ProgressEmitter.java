package org.outagewatch.detector.common;

import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * A writer's side of the progress markers ({@link Progress}): a stage that closes windows calls {@link #closed}
 * after it has forwarded the points of the windows it closed, and {@link #onRecord} for every input record; the
 * emitter sends a marker whenever its {@code closedThrough} moves or its task turns idle or busy.
 *
 * <p>Idle: a task that has had no input for {@code idleAfter} of wall-clock time (an empty partition, a source
 * with no data such as routing without BGP updates) says so, so that readers do not wait for it forever; its next
 * record makes it busy again, and its points for windows the readers closed meanwhile arrive late (counted). This
 * is the only wall-clock rule in the pipeline: it decides nothing while every task has input. The punctuator runs
 * every second; in a backtest the engine advances the driver's clock once before the first record, so tasks
 * without input are idle from the start, as live after {@code idleAfter}.
 */
public final class ProgressEmitter {
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final String group;
    private final int tasks;
    private final long idleAfterMillis;
    private ProcessorContext<?, ?> context;
    private Consumer<Progress> send;
    private long lastRecordWallClock;
    private long closedThrough = Progress.NONE;
    private boolean idle;
    private Progress lastSent;

    public ProgressEmitter(final String group, final int tasks, final Duration idleAfter) {
        this.group = group;
        this.tasks = tasks;
        this.idleAfterMillis = idleAfter.toMillis();
    }

    /** Starts the idle check; {@code send} forwards a marker (from {@code process} or the punctuator). */
    public void init(final ProcessorContext<?, ?> processorContext, final long restoredClosedThrough,
                     final Consumer<Progress> sender) {
        this.context = processorContext;
        this.send = sender;
        this.closedThrough = Math.max(Progress.NONE, restoredClosedThrough);
        this.lastRecordWallClock = processorContext.currentSystemTimeMs();
        processorContext.schedule(CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME, this::checkIdle);
    }

    /** An input record arrived: a task that was idle is busy again (a marker says so before its points). */
    public void onRecord() {
        lastRecordWallClock = context.currentSystemTimeMs();
        if (idle) {
            idle = false;
            sendIfChanged();
        }
    }

    /** Every window ending at or before {@code end} has been sent. */
    public void closed(final long end) {
        if (end > closedThrough) {
            closedThrough = end;
            sendIfChanged();
        }
    }

    private void checkIdle(final long now) {
        if (!idle && now - lastRecordWallClock >= idleAfterMillis) {
            idle = true;
            sendIfChanged();
        }
    }

    private void sendIfChanged() {
        final Progress progress = new Progress(group, context.taskId().partition(), tasks, closedThrough, idle);
        if (!progress.equals(lastSent)) {
            lastSent = progress;
            send.accept(progress);
        }
    }
}
