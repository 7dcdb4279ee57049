package org.outagewatch.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.config.Settings;

class TopicCatalogTest {
    private static final Map<String, String> SERDES = Map.of(Settings.SCHEMA_REGISTRY_URL, "mock://topic-catalog-test");

    @Test
    void shouldCreateEveryTopicWithLogAppendTimeAndAStatedRetention() {
        final TopicCatalog catalog = TopicCatalog.create(SERDES, 4);

        assertThat(catalog.all()).allSatisfy(topic -> {
            assertThat(topic.configs()).containsEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")
                    .containsKey(TopicConfig.RETENTION_MS_CONFIG);
            // nothing we create would fail our own start-up check
            assertThat(RetentionCheck.problem(topic.name(), topic.configs())).isEmpty();
        });
        assertThat(catalog.probeResults().configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, Long.toString(TopicLayout.DEFAULT_RETENTION.toMillis()));
        assertThat(catalog.probeResults().retentionText()).isEqualTo("7d from ingestion");
        assertThat(catalog.asnMetadata().configs())
                .containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .containsEntry(TopicConfig.RETENTION_MS_CONFIG, "-1");
        assertThat(catalog.incidents().compacted()).isTrue();
        assertThat(catalog.incidents().retentionText()).isEqualTo("compacted (latest per key)");
    }

    @Test
    void shouldPutEveryTopicInTheNamespaceAndKeepTheRetentionOfTheSettings() {
        final Settings settings = Settings.of(Map.of(TopicLayout.NAMESPACE, "replay-2020", TopicLayout.RETENTION, "36h"));
        final TopicCatalog catalog = TopicCatalog.create(SERDES, TopicLayout.from(settings, 2));

        assertThat(catalog.all()).allSatisfy(topic -> assertThat(topic.name()).startsWith("replay-2020."));
        assertThat(catalog.probeResults().name()).isEqualTo("replay-2020.probe-results");
        assertThat(catalog.deadLetters().name()).isEqualTo("replay-2020.ingest-dead-letters");
        assertThat(catalog.signalPoints().retentionMs()).isEqualTo(Duration.ofHours(36).toMillis());
        assertThat(catalog.signalPoints().partitions()).isEqualTo(2);
        assertThat(TopicLayout.from(settings, 2).applicationId("outagewatch-detector"))
                .isEqualTo("replay-2020.outagewatch-detector");
    }

    @Test
    void shouldReadForeverAndTheDefaultsAndRefuseBadValues() {
        assertThat(TopicLayout.from(Settings.of(Map.of(TopicLayout.RETENTION, "forever")), 1).retentionMs())
                .isEqualTo(Topic.FOREVER);
        final TopicLayout defaults = TopicLayout.from(Settings.of(Map.of()), 1);
        assertThat(defaults.namespace()).isEmpty();
        assertThat(defaults.name("incidents")).isEqualTo("incidents");
        assertThat(defaults.retentionMs()).isEqualTo(TopicLayout.DEFAULT_RETENTION.toMillis());
        assertThatThrownBy(() -> TopicLayout.from(Settings.of(Map.of(TopicLayout.RETENTION, "a week")), 1))
                .hasMessageContaining(TopicLayout.RETENTION);
        assertThatThrownBy(() -> TopicLayout.from(Settings.of(Map.of(TopicLayout.NAMESPACE, "a/b")), 1))
                .hasMessageContaining(TopicLayout.NAMESPACE);
    }
}
