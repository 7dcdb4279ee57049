package org.outagewatch.detector.common;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A writer's side of the progress markers ({@link Progress}): a stage that closes windows calls {@link #closed}
 * after it has forwarded the points of the windows it closed, and {@link #onRecord} for every input record; the
 * emitter sends a marker whenever its {@code closedThrough} moves or its task turns idle or busy.
 *
 * <p>Idle: a task that has had no input for {@code idleAfter} of wall-clock time (an empty partition, a source
 * with no data such as routing without BGP updates) says so, so that readers do not wait for it forever; its next
 * record makes it busy again, and its points for windows the readers closed meanwhile arrive late (counted). A task
 * whose input still holds records it has not read ({@link InputBacklog}, measured by the running detector: a
 * broker restart, a task re-created by a rebalance and not fetched yet, a starved thread), or whose input is watched
 * but not measured now (assigned since the last measurement, or the broker cannot be reached, so its silence says
 * nothing), is not idle, however long its input is silent, for up to {@value #BACKLOG_PATIENCE} times
 * {@code idleAfter}; then it is idle anyway, with a WARN, so that one partition that cannot be read does not stop
 * every reader. This is the only wall-clock rule in
 * the pipeline: it decides nothing while every task has input. The punctuator runs every second; in a backtest the
 * engine advances the driver's clock once before the first record, so tasks without input are idle from the start,
 * as live after {@code idleAfter}.
 */
public final class ProgressEmitter {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressEmitter.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    /** How many times {@code idleAfter} a silent task with records waiting on its input keeps its readers waiting. */
    public static final int BACKLOG_PATIENCE = 10;

    private final String group;
    private final int tasks;
    private final long idleAfterMillis;
    private final InputBacklog backlog;
    private ProcessorContext<?, ?> context;
    private Consumer<Progress> send;
    private long lastRecordWallClock;
    private long closedThrough = Progress.NONE;
    private boolean idle;
    private boolean waitingSaid;
    private Progress lastSent;

    public ProgressEmitter(final String group, final int tasks, final ProgressRules rules) {
        this.group = group;
        this.tasks = tasks;
        this.idleAfterMillis = rules.idleAfter().toMillis();
        this.backlog = rules.backlog();
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
        waitingSaid = false;
        if (idle) {
            idle = false;
            LOG.info("Writer {} task {} is busy again, closed through {}", group, context.taskId(), closedText());
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
        final long silent = now - lastRecordWallClock;
        if (idle || silent < idleAfterMillis) {
            return;
        }
        final OptionalLong left = backlog.recordsLeft(context.taskId());
        // not measured now although watched: assigned since the last check, or the broker cannot be reached
        final boolean unknown = left.isEmpty() && backlog.watches(context.taskId());
        // more than one: the last "record" of a transactional writer's partition is its commit marker
        final boolean waiting = unknown || left.isPresent() && left.getAsLong() > 1;
        final String why = unknown ? "its input's backlog is not known (not measured since the task was assigned, or"
                + " the broker cannot be reached)" : left.orElse(0) + " records wait on its input";
        if (waiting && silent < idleAfterMillis * BACKLOG_PATIENCE) {
            if (!waitingSaid) {
                waitingSaid = true;
                LOG.info("Writer {} task {} has had no input for {} ms but {}; readers keep waiting for it, closed"
                        + " through {}", group, context.taskId(), silent, why, closedText());
            }
            return;
        }
        idle = true;
        if (waiting) {
            LOG.warn("Writer {} task {} is idle: no input for {} ms although {}; readers stop waiting for it, and its"
                    + " points for windows they close meanwhile will be late, closed through {}", group,
                    context.taskId(), silent, why, closedText());
        } else {
            LOG.info("Writer {} task {} is idle: no input for {} ms (wall clock){}; readers stop waiting for it, closed"
                    + " through {}", group, context.taskId(), silent, left.isPresent() ? ", nothing left to read" : "",
                    closedText());
        }
        sendIfChanged();
    }

    private String closedText() {
        return closedThrough == Progress.NONE ? "nothing yet" : java.time.Instant.ofEpochMilli(closedThrough).toString();
    }

    private void sendIfChanged() {
        final Progress progress = new Progress(group, context.taskId().partition(), tasks, closedThrough, idle);
        if (!progress.equals(lastSent)) {
            lastSent = progress;
            send.accept(progress);
        }
    }
}
