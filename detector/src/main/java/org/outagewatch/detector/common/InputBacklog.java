package org.outagewatch.detector.common;

import java.util.OptionalLong;
import org.apache.kafka.streams.processor.TaskId;

/**
 * How many records wait on a task's input partitions, as last measured from outside the stream threads (the
 * application's committed offsets against the partitions' ends), for the idle rule of {@link ProgressEmitter}: a
 * writer task with no input for a while is idle only when nothing waits for it, so a task that cannot fetch (a
 * broker restart, a task just re-created after a rebalance, a starved thread) keeps its readers waiting instead of
 * letting them close windows without its points. Empty when not known (not measured yet, a task whose inputs are
 * not watched, a backtest): the writer then falls back to the wall-clock rule alone.
 */
@FunctionalInterface
public interface InputBacklog {
    /** Nothing is known: the wall-clock idle rule alone (backtests, tests, a detector without the watch). */
    InputBacklog UNKNOWN = task -> OptionalLong.empty();

    /** Records not yet read (committed) on the input partitions of active task {@code task}, if known. */
    OptionalLong recordsLeft(TaskId task);
}
