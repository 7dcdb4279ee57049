package org.outagewatch.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionCheckTest {
    private static final String WEEK = "604800000";

    @Test
    void shouldRefuseACreateTimeTopicWithAFiniteRetentionInOneLineThatNamesTheFix() {
        assertThat(RetentionCheck.problem("probe-results", Map.of("message.timestamp.type", "CreateTime",
                "retention.ms", WEEK, "cleanup.policy", "delete"))).hasValueSatisfying(message -> {
                    assertThat(message).doesNotContain("\n")
                            .contains("probe-results", "message.timestamp.type=CreateTime", "retention.ms=" + WEEK)
                            .contains("--alter", "--add-config message.timestamp.type=LogAppendTime", "retention.ms=-1");
                });
        assertThat(RetentionCheck.problem("t", Map.of("message.timestamp.type", "CreateTime", "retention.ms", WEEK,
                "cleanup.policy", "compact,delete"))).isPresent();
    }

    @Test
    void shouldAcceptLogAppendTimeUnlimitedRetentionAndCompactedTopics() {
        assertThat(RetentionCheck.problem("t", Map.of("message.timestamp.type", "LogAppendTime", "retention.ms", WEEK,
                "cleanup.policy", "delete"))).isEmpty();
        assertThat(RetentionCheck.problem("t", Map.of("message.timestamp.type", "CreateTime", "retention.ms", "-1",
                "cleanup.policy", "delete"))).isEmpty();
        assertThat(RetentionCheck.problem("t", Map.of("message.timestamp.type", "CreateTime", "retention.ms", WEEK,
                "cleanup.policy", "compact"))).isEmpty();
    }
}
