package org.outagewatch.detector.app;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.outagewatch.detector.common.InputBacklog;

/**
 * The running detector's {@link InputBacklog}: the records left to read on each local active task's input
 * partitions, replaced as a whole by {@link StuckPartitionWatch} after each of its checks (committed offsets against
 * the partitions' ends) and read by the stream threads' idle checks. A task is known only when every one of its input
 * partitions was measured; a failed check (the broker down) leaves the last measurement in place.
 */
public final class TaskBacklog implements InputBacklog {
    private volatile Map<TaskId, Long> left = Map.of();

    @Override
    public OptionalLong recordsLeft(final TaskId task) {
        final Long records = left.get(task);
        return records == null ? OptionalLong.empty() : OptionalLong.of(records);
    }

    /** The new measurement: {@code partitionsLeft} per partition, summed over each of {@code tasks}' inputs. */
    void update(final Collection<TaskMetadata> tasks, final Map<TopicPartition, Long> partitionsLeft) {
        final Map<TaskId, Long> byTask = new HashMap<>();
        for (final TaskMetadata task : tasks) {
            long sum = 0;
            boolean known = !task.topicPartitions().isEmpty();
            for (final TopicPartition partition : task.topicPartitions()) {
                final Long records = partitionsLeft.get(partition);
                if (records == null) {
                    known = false;
                    break;
                }
                sum += records;
            }
            if (known) {
                byTask.put(task.taskId(), sum);
            }
        }
        left = Map.copyOf(byTask);
    }
}
