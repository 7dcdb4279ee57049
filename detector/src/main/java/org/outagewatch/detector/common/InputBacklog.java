package org.outagewatch.detector.common;

import java.util.OptionalLong;
import org.apache.kafka.streams.processor.TaskId;

/**
 * How many records wait on a task's input partitions, as last measured from outside the stream threads (the
 * application's committed offsets against the partitions' ends), for the idle rule of {@link ProgressEmitter}: a
 * writer task with no input for a while is idle only when nothing waits for it, so a task that cannot fetch (a
 * broker restart, a task just re-created after a rebalance, a starved thread) keeps its readers waiting instead of
 * letting them close windows without its points.
 *
 * <p>Three answers for a task: a count of records (measured); not known although this backlog watches the task's
 * input ({@link #watches} true, {@link #recordsLeft} empty: not measured since the task was assigned, or the last
 * measurement failed because the broker cannot be reached), and the writer waits as if records were waiting; or not
 * watched at all ({@link #watches} false: a backtest, a task reading an internal topic), and the writer follows the
 * wall-clock rule alone.
 */
@FunctionalInterface
public interface InputBacklog {
    /** Nothing is watched: the wall-clock idle rule alone (backtests, tests, a detector without the watch). */
    InputBacklog UNKNOWN = task -> OptionalLong.empty();

    /** Records not yet read (committed) on the input partitions of active task {@code task}, if known now. */
    OptionalLong recordsLeft(TaskId task);

    /**
     * Whether this backlog measures {@code task}'s input: when it does, an empty {@link #recordsLeft} means "not known
     * now" and the writer keeps its readers waiting (within its patience) rather than guess that nothing waits.
     */
    default boolean watches(final TaskId task) {
        return false;
    }
}
