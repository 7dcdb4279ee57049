package org.outagewatch.detector.backtest;

import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.topology.DetectorTopology;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * The detector's whole topology in a {@link TopologyTestDriver}, one task per sub-topology, as the backtest and the
 * incident runner use it: no task waits for a lagging partition (the input arrives merged in event-time order, and
 * in a test driver waiting would hold every record until the mocked wall clock moves), and the mocked wall clock is
 * advanced past {@link org.outagewatch.detector.common.ProgressRules#idleAfter()} before the first record, so that
 * the writers without input (routing without BGP updates, liveness without connection events) are idle from the
 * start, as they are live once that time has passed. Every writer with input is busy again with its first record.
 */
public final class OfflineDriver {
    private OfflineDriver() {
    }

    /** A driver over {@code props} (a copy is changed), its wall clock starting at {@code wallClock}. */
    public static TopologyTestDriver start(final DetectorSettings detector, final TopicCatalog topics,
                                           final Properties props, final Instant wallClock) {
        final Properties offline = new Properties();
        offline.putAll(props);
        offline.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        final TopologyTestDriver driver = new TopologyTestDriver(DetectorTopology.build(detector, topics), offline,
                wallClock);
        driver.advanceWallClockTime(detector.progress().idleAfter());
        return driver;
    }
}
