package org.outagewatch.ingest.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.outagewatch.ingest.app.IngestCommand;
import org.outagewatch.ingest.app.RisLiveCommand;
import org.outagewatch.ingest.publish.Topics;
import org.outagewatch.schemas.DeadLetter;
import org.outagewatch.schemas.RouteUpdate;
import org.outagewatch.schemas.RouteUpdateType;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.testing.SharedData;
import org.outagewatch.schemas.topic.TopicCatalog;
import picocli.CommandLine;

/** The shared RIS Live files through {@code ingest bgp ris-live} to a real broker: route updates and dead letters. */
class RisLiveIntegrationTest {
    private static final String REGISTRY = "mock://ris-live-it";
    private static final int UPDATES = 15;
    private static final int DEAD_LETTERS = 7;

    @Test
    void shouldPublishRouteUpdatesAndDeadLettersOfTheRealFiles() throws Exception {
        final Path real = SharedData.file("bgp/ris-live/bgpkit_ris_live_messages_real.jsonl");
        final Path edited = SharedData.file("bgp/ris-live/bgpkit_ris_live_messages_test_edited_edgecases.jsonl");
        final Path libbgpstream = SharedData.file("bgp/ris-live/libbgpstream_ris-live-stream.jsonl");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final CommandLine cli = IngestCommand.newCommandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            assertThat(cli.execute("bgp", "ris-live", "--create-topics", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--schema-registry-url", REGISTRY, real.toString(), edited.toString(), libbgpstream.toString()))
                    .as(err.toString()).isZero();
            assertThat(out.toString()).startsWith("published: 15 route updates").contains("7 dead letters");

            final TopicCatalog catalog = TopicCatalog.create(Map.of(Settings.SCHEMA_REGISTRY_URL, REGISTRY),
                    TopicCatalog.DEFAULT_PARTITIONS);
            final List<ConsumerRecord<String, RouteUpdate>> updates = Topics.read(kafka.bootstrapServers(),
                    catalog.routingUpdates(), UPDATES);
            assertThat(updates).hasSize(UPDATES)
                    .allSatisfy(r -> assertThat(r.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME))
                    .allSatisfy(r -> assertThat(r.key()).isEqualTo(RouteUpdates.key(r.value())));
            assertThat(updates).filteredOn(r -> r.value().getType() == RouteUpdateType.PEER_DOWN).singleElement()
                    .satisfies(r -> assertThat(r.key()).isEqualTo("peer:195.66.224.59"));
            final List<ConsumerRecord<String, DeadLetter>> deadLetters = Topics.read(kafka.bootstrapServers(),
                    catalog.deadLetters(), DEAD_LETTERS);
            assertThat(deadLetters).hasSize(DEAD_LETTERS)
                    .extracting(r -> r.value().getStage()).containsOnly(RisLiveCommand.STAGE);
            assertThat(deadLetters).extracting(r -> r.value().getOrigin()).containsExactlyInAnyOrder(
                    edited + ":1", edited + ":2", edited + ":3", edited + ":4", edited + ":5",
                    libbgpstream + ":3", libbgpstream + ":7");
        }
    }
}
