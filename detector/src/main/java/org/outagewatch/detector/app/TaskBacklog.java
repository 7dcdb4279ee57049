package org.outagewatch.detector.app;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.outagewatch.detector.common.InputBacklog;

/**
 * The running detector's {@link InputBacklog}: the records left to read on each local active task's input
 * partitions, replaced as a whole by {@link StuckPartitionWatch} after each of its checks (committed offsets against
 * the partitions' ends) and read by the stream threads' idle checks.
 * <ul>
 *   <li>A task is measured when every one of its input partitions was.</li>
 *   <li>A task with an input the watch does not measure (an internal repartition topic) is not watched: its writer
 *       follows the wall-clock rule alone.</li>
 *   <li>Every other task is watched but not known: one assigned since the last check, and every watched task after
 *       a failed check ({@link #unreachable}: the broker down), since a silent input then says nothing about what
 *       waits on it. Its writer waits, within its patience.</li>
 * </ul>
 */
public final class TaskBacklog implements InputBacklog {
    private volatile Measurement current = new Measurement(Map.of(), Set.of());

    /** The last check's records left per measured task, and the tasks with inputs it does not measure. */
    private record Measurement(Map<TaskId, Long> left, Set<TaskId> unwatched) {
    }

    @Override
    public OptionalLong recordsLeft(final TaskId task) {
        final Long records = current.left().get(task);
        return records == null ? OptionalLong.empty() : OptionalLong.of(records);
    }

    @Override
    public boolean watches(final TaskId task) {
        return !current.unwatched().contains(task);
    }

    /** The new measurement: {@code partitionsLeft} per measured partition, summed over each of {@code tasks}' inputs. */
    void update(final Collection<TaskMetadata> tasks, final Map<TopicPartition, Long> partitionsLeft) {
        final Map<TaskId, Long> byTask = new HashMap<>();
        final Set<TaskId> unwatched = new HashSet<>();
        for (final TaskMetadata task : tasks) {
            long sum = 0;
            boolean measured = !task.topicPartitions().isEmpty();
            for (final TopicPartition partition : task.topicPartitions()) {
                final Long records = partitionsLeft.get(partition);
                if (records == null) {
                    measured = false;
                    break;
                }
                sum += records;
            }
            if (measured) {
                byTask.put(task.taskId(), sum);
            } else {
                unwatched.add(task.taskId());
            }
        }
        current = new Measurement(Map.copyOf(byTask), Set.copyOf(unwatched));
    }

    /** A check failed (the broker cannot be reached): no watched task's backlog is known until the next one works. */
    void unreachable() {
        current = new Measurement(Map.of(), current.unwatched());
    }
}
