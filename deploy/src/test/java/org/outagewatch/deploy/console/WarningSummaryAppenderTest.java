package org.outagewatch.deploy.console;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WarningSummaryAppenderTest {
    private static final long MINUTE = 60_000;
    private static final String LOG_FILE = "/data/logs/outagewatch-demo.log";
    private static final String ROLLUP = "org.outagewatch.detector.rollup.CountryRollupProcessor";
    private static final String BASELINE = "org.outagewatch.detector.baseline.BaselineProcessor";
    private static final String IGNORED = "org.outagewatch.deploy.cli.CliErrors";

    private final List<String> lines = new ArrayList<>();
    private final AtomicLong millis = new AtomicLong(1_000_000);
    private Logger rollup;
    private Logger baseline;
    private Logger ignored;

    @BeforeEach
    void setUp() {
        final LoggerContext context = new LoggerContext();
        final WarningSummaryAppender appender = new WarningSummaryAppender(lines::add, MINUTE, millis::get, Set.of(IGNORED), LOG_FILE);
        appender.setContext(context);
        appender.start();
        final Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        rollup = context.getLogger(ROLLUP);
        baseline = context.getLogger(BASELINE);
        ignored = context.getLogger(IGNORED);
    }

    @Test
    void shouldCountRepeatedWarningsAndSummariseThemOnceAMinute() {
        for (int i = 0; i < 412; i++) {
            millis.addAndGet(100);
            rollup.warn("Skipping point: late point for {} window {}, country windows emitted through {}. topic=[{}]",
                    "AS" + i + "|probe.reachable", "2024-03-05T14:00:00Z", "2024-03-05T14:05:00Z", "signal-points");
        }
        assertThat(lines).isEmpty();

        millis.addAndGet(MINUTE);
        rollup.warn("Skipping point: late point for {} window {}, country windows emitted through {}. topic=[{}]",
                "AS9|probe.reachable", "w", "t", "signal-points");
        baseline.warn("Skipping record: {}. {}", "no baseline yet", "topic=[signal-points] partition=[0] offset=[7]");

        assertThat(lines).containsExactly("warnings in the last 2 min: 413 x Skipping point: late point for … window …, "
                + "country windows emitted through … [CountryRollupProcessor] (details in " + LOG_FILE + ")");
        lines.clear();

        millis.addAndGet(MINUTE);
        baseline.warn("Skipping record: {}. {}", "no baseline yet", "topic=[signal-points] partition=[1] offset=[9]");

        assertThat(lines).containsExactly("warnings in the last 1 min: 2 x Skipping record: no baseline yet [BaselineProcessor]"
                + " (details in " + LOG_FILE + ")");
    }

    @Test
    void shouldNeverPrintInfoAndNameAtMostThreeKindsPerLine() {
        rollup.info("Country window closed");
        for (int kind = 0; kind < 5; kind++) {
            for (int n = 0; n <= kind; n++) {
                baseline.warn("Skipping record: {}. {}", "reason " + (char) ('a' + kind), "offset=[" + n + "]");
            }
        }
        millis.addAndGet(MINUTE);
        baseline.warn("Skipping record: {}. {}", "reason e", "offset=[5]");

        assertThat(lines).singleElement().asString()
                .startsWith("warnings in the last 1 min: 6 x Skipping record: reason e [BaselineProcessor]; "
                        + "4 x Skipping record: reason d [BaselineProcessor]; 3 x Skipping record: reason c [BaselineProcessor]; "
                        + "3 more of 2 other kinds")
                .doesNotContain("Country window closed");
    }

    @Test
    void shouldCountLateRecordsOfEverySeriesAsOnePattern() {
        for (int asn = 1; asn <= 3; asn++) {
            baseline.warn("Skipping record: {}. {}", "late record for AS" + asn + "|probe.reachable window 1709522400000, closed "
                    + "through 1709560500000", "topic=[probe-results] partition=[1] offset=[" + asn + "]");
        }
        millis.addAndGet(MINUTE);
        baseline.warn("Skipping record: {}. {}", "late record for AS9|traffic.volume window 1709522400000, closed through 1",
                "topic=[traffic-samples] partition=[0] offset=[7]");

        assertThat(lines).containsExactly("warnings in the last 1 min: 4 x Skipping record: late record for … window …, closed"
                + " through … [BaselineProcessor] (details in " + LOG_FILE + ")");
    }

    @Test
    void shouldCountAKafkaClientsWarningByItsMessageNotItsClientId() {
        final Logger network = rollup.getLoggerContext().getLogger("org.apache.kafka.clients.NetworkClient");
        network.warn("[Consumer clientId=app-StreamThread-1-consumer, groupId=app] Connection to node -1 (/127.0.0.1:1) could not"
                + " be established");
        network.warn("[Consumer clientId=app-StreamThread-2-consumer, groupId=app] Connection to node 2 (/127.0.0.1:9092) could not"
                + " be established");
        millis.addAndGet(MINUTE);
        network.warn("[Consumer clientId=app-StreamThread-3-consumer, groupId=app] The metadata response from the cluster reported"
                + " a recoverable issue with correlation id {} : {}", 7, "{t=UNKNOWN_TOPIC_OR_PARTITION}");

        assertThat(lines).containsExactly("warnings in the last 1 min: 2 x Connection to node … … could not be established"
                + " [NetworkClient]; 1 x The metadata response from the cluster reported a recoverable issue with correlation id"
                + " … : … [NetworkClient] (details in " + LOG_FILE + ")");
    }

    @Test
    void shouldTellKafkaRetriesApartByTheErrorCodeAtTheEndOfTheirMessage() {
        final Logger sender = rollup.getLoggerContext().getLogger("org.apache.kafka.clients.producer.internals.Sender");
        for (int id = 778; id < 780; id++) {
            sender.warn("[Producer clientId=app-StreamThread-1-producer, transactionalId=app-1] Got error produce response"
                    + " with correlation id " + id + " on topic-partition app-incident-fusion-progress-changelog-0, retrying"
                    + " (2147483646 attempts left). Error: CONCURRENT_TRANSACTIONS");
        }
        sender.warn("[Producer clientId=app-StreamThread-1-producer, transactionalId=app-1] Got error produce response with"
                + " correlation id 9 on topic-partition app-x-0, retrying (2147483646 attempts left). Error: NOT_LEADER_OR_FOLLOWER");
        millis.addAndGet(MINUTE);
        sender.warn("[Producer clientId=p] Got error produce response with correlation id 10 on topic-partition t-0, retrying"
                + " (1 attempts left). Error: CONCURRENT_TRANSACTIONS");

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).as("the code first, then the message cut to its length").startsWith("warnings in the last"
                + " 1 min: 3 x CONCURRENT_TRANSACTIONS: Got error produce response with correlation id … on topic-partition …,"
                + " ret… [Sender]; 1 x NOT_LEADER_OR_FOLLOWER: Got");
    }

    @Test
    void shouldPrintEachErrorOnceOnOneLineAndCountItsRepeats() {
        final RuntimeException cause = new IllegalStateException("boom\n\tat somewhere");

        baseline.error("The stream thread died: {}", "state store is closed", cause);
        baseline.error("The stream thread died: {}", "state store is closed", cause);
        ignored.error("demo failed", cause);

        assertThat(lines).containsExactly("error: The stream thread died: state store is closed [BaselineProcessor] (details in "
                + LOG_FILE + ")");
        millis.addAndGet(MINUTE);
        baseline.warn("Skipping record: {}. {}", "late", "offset=[1]");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("1 x The stream thread died: state store is closed", "1 x Skipping record: late");
    }
}
