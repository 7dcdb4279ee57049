package org.outagewatch.detector.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;
import org.slf4j.LoggerFactory;

/**
 * A detector whose local state was written against another cluster (issue 13, part 2): the same data directory and
 * application id, first on one broker, then on another (a new cluster id). The second start must say so at WARN,
 * wipe the application's state (a file left in it is gone) and record the new cluster; a restart on the same cluster
 * keeps the state.
 */
class StateOwnerIntegrationTest {
    private static final Duration RUNNING_WITHIN = Duration.ofSeconds(60);

    @Test
    void shouldWipeStateWrittenAgainstAnotherClusterAndKeepItsOwn(@TempDir final Path dataDir) throws Exception {
        final Logger appLog = (Logger) LoggerFactory.getLogger(DetectorApp.class);
        final ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        appLog.addAppender(lines);
        final String applicationId = "owner-it";
        final Path stateDir = dataDir.resolve(DataDirectory.STATE);
        // a task directory of the first run (Streams' cleanUp wipes task directories, the state proper)
        final Path left = stateDir.resolve(applicationId).resolve("0_0").resolve("left-by-the-first-cluster");
        try {
            final String first = runOnce(dataDir, applicationId);
            assertThat(StateOwner.read(stateDir, applicationId)).map(StateOwner::clusterId).hasValue(first);
            assertThat(left.getParent()).as("the first run's task directory").isDirectory();
            Files.writeString(left, "state of the first cluster");

            final String second = runOnce(dataDir, applicationId);
            assertThat(second).isNotEqualTo(first);
            assertThat(left).as("state of the other cluster is wiped").doesNotExist();
            assertThat(StateOwner.read(stateDir, applicationId)).map(StateOwner::clusterId).hasValue(second);
            assertThat(List.copyOf(lines.list)).filteredOn(e -> e.getLevel() == Level.WARN
                            && e.getFormattedMessage().contains("is not this cluster's"))
                    .singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                    .contains("written against Kafka cluster " + first + ", this is cluster " + second)
                    .contains("rebuilding from the changelogs");
        } finally {
            appLog.detachAppender(lines);
        }
    }

    @Test
    void shouldKeepStateWrittenAgainstTheSameCluster(@TempDir final Path dataDir) throws Exception {
        final String applicationId = "owner-same-it";
        final Path stateDir = dataDir.resolve(DataDirectory.STATE);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final String id;
            try (Admin admin = kafka.admin()) {
                id = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            }
            new StateOwner(id, applicationId, "").write(stateDir);
            final Path kept = Files.createDirectories(stateDir.resolve(applicationId).resolve("0_0")).resolve("kept");
            Files.writeString(kept, "own state");
            try (DetectorApp app = new DetectorApp(settings(kafka, dataDir, applicationId))) {
                createTopics(kafka, app.topics());
                app.start();
                assertThat(kept).exists();
            }
        }
    }

    /** Runs the detector on a new broker until RUNNING; the broker's cluster id. */
    private static String runOnce(final Path dataDir, final String applicationId) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (DetectorApp app = new DetectorApp(settings(kafka, dataDir, applicationId))) {
                createTopics(kafka, app.topics());
                app.start();
                assertThat(app.awaitRunning(RUNNING_WITHIN)).as("RUNNING").isTrue();
            }
            try (Admin admin = kafka.admin()) {
                return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Settings settings(final EmbeddedKafka kafka, final Path dataDir, final String applicationId) {
        return Settings.of(Map.of(Settings.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                Settings.SCHEMA_REGISTRY_URL, "mock://owner-it-" + UUID.randomUUID(),
                "application.id", applicationId,
                DetectorApp.DATA_DIR, dataDir.toString()));
    }

    private static void createTopics(final EmbeddedKafka kafka, final TopicCatalog topics) throws Exception {
        for (final Topic<String, ?> topic : DetectorApp.requiredTopics(topics)) {
            kafka.createTopic(topic);
        }
    }
}
