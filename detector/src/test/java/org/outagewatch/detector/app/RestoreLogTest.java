package org.outagewatch.detector.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StandbyUpdateListener.SuspendReason;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RestoreLogTest {
    private static final TopicPartition CHANGELOG = new TopicPartition("app-baseline-models-changelog", 1);
    private static final String STORE = "baseline-models";
    private final Logger logger = (Logger) LoggerFactory.getLogger(RestoreLog.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(lines);
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void shouldSayWhatWasRestoredAndPromotedSinceTheLastRebalanceThenCountAnew() {
        final RestoreLog log = new RestoreLog();
        log.onUpdateStart(CHANGELOG, STORE, 0);
        log.onBatchLoaded(CHANGELOG, STORE, new TaskId(0, 1), 40, 40, 40);
        log.onUpdateSuspended(CHANGELOG, STORE, 40, 45, SuspendReason.PROMOTED);
        log.onUpdateSuspended(new TopicPartition("app-other-changelog", 1), "other", 7, 7, SuspendReason.MIGRATED);
        log.onRestoreStart(CHANGELOG, STORE, 40, 45);
        log.onBatchRestored(CHANGELOG, STORE, 45, 5);
        log.onRestoreEnd(CHANGELOG, STORE, 5);
        log.logSinceLastRebalance();
        log.logSinceLastRebalance();

        assertThat(messages()).containsExactly(
                "Restored 5 changelog records into 1 store partitions since the last rebalance (1 standby store partitions"
                        + " promoted to active); standbys applied 40 records",
                "Restored 0 changelog records into 0 store partitions since the last rebalance (0 standby store partitions"
                        + " promoted to active); standbys applied 0 records");
    }
}
