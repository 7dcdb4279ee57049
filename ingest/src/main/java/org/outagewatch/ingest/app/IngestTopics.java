package org.outagewatch.ingest.app;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.outagewatch.ingest.publish.TopicSetup;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.RetentionCheck;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;
import org.outagewatch.schemas.topic.TopicLayout;

/**
 * The topics of a publishing command: its catalog, from the settings' serde configuration, the namespace and
 * retention ({@link TopicLayout}) and {@value SyntheticCommand#PARTITIONS} (in a dry run the serdes use a private
 * in-memory registry, so nothing is registered anywhere); for {@code --create-topics}, the creation of the catalog's
 * missing topics with {@value SyntheticCommand#REPLICATION_FACTOR}; and, before anything is sent, the
 * {@link RetentionCheck} of the topics the command writes.
 */
final class IngestTopics {
    /** How long the start-up check waits for the cluster's answer. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);

    private IngestTopics() {
    }

    /** The catalog; with a {@code dryRunRegistry} ({@code mock://...}) its serdes register their schemas there. */
    static TopicCatalog catalog(final Settings settings, final String dryRunRegistry) {
        final Map<String, Object> serdeConfig = new HashMap<>(settings.serdeConfig());
        if (dryRunRegistry != null) {
            serdeConfig.put(Settings.SCHEMA_REGISTRY_URL, dryRunRegistry);
            serdeConfig.put("auto.register.schemas", "true");
        }
        return TopicCatalog.create(serdeConfig, TopicLayout.from(settings,
                settings.getInt(SyntheticCommand.PARTITIONS, TopicCatalog.DEFAULT_PARTITIONS)));
    }

    /** The topics a file adapter or a replay may write: every input topic and the dead letters. */
    static List<Topic<String, ?>> fileInputs(final TopicCatalog catalog) {
        return List.of(catalog.probeResults(), catalog.atlasConnections(), catalog.trafficSamples(),
                catalog.signalPoints(), catalog.asnMetadata(), catalog.deadLetters());
    }

    /**
     * Before a command publishes: creates the catalog's missing topics when asked, then refuses (an
     * {@link IllegalStateException} with the one-line reason, which the command line prints with exit code
     * {@value CliErrors#FAILURE}) when one of the topics it writes would delete what it writes.
     */
    static void prepare(final Settings settings, final TopicCatalog catalog, final boolean createTopics,
                        final List<Topic<String, ?>> written) throws InterruptedException {
        try (Admin admin = Admin.create(adminConfig(settings))) {
            if (createTopics) {
                TopicSetup.ensure(admin, catalog, (short) settings.getInt(SyntheticCommand.REPLICATION_FACTOR, 1));
            }
            final Optional<String> refusal = RetentionCheck.check(admin, written.stream().map(Topic::name).toList(),
                    CHECK_TIMEOUT);
            if (refusal.isPresent()) {
                throw new IllegalStateException(refusal.get());
            }
        }
    }

    private static Map<String, Object> adminConfig(final Settings settings) {
        final Map<String, Object> adminConfig = new HashMap<>();
        settings.kafkaConfig().forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                adminConfig.put(key, value);
            }
        });
        return adminConfig;
    }
}
