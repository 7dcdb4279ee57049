package org.outagewatch.ingest.app;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.outagewatch.ingest.publish.TopicSetup;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * The topics of a publishing command: its catalog, from the settings' serde configuration and
 * {@value SyntheticCommand#PARTITIONS} (in a dry run the serdes use a private in-memory registry, so nothing is
 * registered anywhere), and, for {@code --create-topics}, the creation of the catalog's missing topics with
 * {@value SyntheticCommand#REPLICATION_FACTOR}.
 */
final class IngestTopics {
    private IngestTopics() {
    }

    /** The catalog; with a {@code dryRunRegistry} ({@code mock://...}) its serdes register their schemas there. */
    static TopicCatalog catalog(final Settings settings, final String dryRunRegistry) {
        final Map<String, Object> serdeConfig = new HashMap<>(settings.serdeConfig());
        if (dryRunRegistry != null) {
            serdeConfig.put(Settings.SCHEMA_REGISTRY_URL, dryRunRegistry);
            serdeConfig.put("auto.register.schemas", "true");
        }
        return TopicCatalog.create(serdeConfig, settings.getInt(SyntheticCommand.PARTITIONS, TopicCatalog.DEFAULT_PARTITIONS));
    }

    /** Creates the catalog's missing topics on the settings' cluster and waits for their leaders. */
    static void create(final Settings settings, final TopicCatalog catalog) throws InterruptedException {
        final Map<String, Object> adminConfig = new HashMap<>();
        settings.kafkaConfig().forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                adminConfig.put(key, value);
            }
        });
        try (Admin admin = Admin.create(adminConfig)) {
            TopicSetup.ensure(admin, catalog, (short) settings.getInt(SyntheticCommand.REPLICATION_FACTOR, 1));
        }
    }
}
