package org.outagewatch.detector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class TaskBacklogTest {
    private static final TaskId TRAFFIC = new TaskId(9, 1);
    private static final TaskId ROUTING = new TaskId(5, 0);
    private static final TaskId NEW = new TaskId(8, 2);
    private static final TopicPartition TRAFFIC_1 = new TopicPartition("traffic-samples", 1);
    private static final TopicPartition ROUTING_REPARTITION = new TopicPartition("app-routing-single-repartition", 0);

    private final TaskBacklog backlog = new TaskBacklog();

    private static TaskMetadata task(final TaskId id, final TopicPartition... inputs) {
        return new TaskMetadata() {
            @Override
            public TaskId taskId() {
                return id;
            }

            @Override
            public Set<TopicPartition> topicPartitions() {
                return Set.of(inputs);
            }

            @Override
            public Map<TopicPartition, Long> committedOffsets() {
                return Map.of();
            }

            @Override
            public Map<TopicPartition, Long> endOffsets() {
                return Map.of();
            }

            @Override
            public Optional<Long> timeCurrentIdlingStarted() {
                return Optional.empty();
            }
        };
    }

    @Test
    void shouldWatchEveryTaskItHasNotSeenYetWithoutKnowingItsBacklog() {
        assertThat(backlog.watches(TRAFFIC)).isTrue();
        assertThat(backlog.recordsLeft(TRAFFIC)).isEmpty();
    }

    @Test
    void shouldMeasureTasksOnWatchedTopicsAndLeaveTasksOnOtherInputsToTheWallClock() {
        backlog.update(List.of(task(TRAFFIC, TRAFFIC_1), task(ROUTING, ROUTING_REPARTITION)), Map.of(TRAFFIC_1, 500L));

        assertThat(backlog.recordsLeft(TRAFFIC)).isEqualTo(OptionalLong.of(500));
        assertThat(backlog.watches(ROUTING)).isFalse();
        assertThat(backlog.watches(NEW)).as("assigned after the check: watched, not known yet").isTrue();
        assertThat(backlog.recordsLeft(NEW)).isEmpty();
    }

    @Test
    void shouldForgetEveryMeasurementWhenACheckFailsBecauseSilenceThenSaysNothing() {
        backlog.update(List.of(task(TRAFFIC, TRAFFIC_1), task(ROUTING, ROUTING_REPARTITION)), Map.of(TRAFFIC_1, 0L));

        backlog.unreachable();

        assertThat(backlog.watches(TRAFFIC)).isTrue();
        assertThat(backlog.recordsLeft(TRAFFIC)).as("0 before the broker went away is no longer known").isEmpty();
        assertThat(backlog.watches(ROUTING)).isFalse();
    }
}
