package org.outagewatch.deploy.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.deploy.replay.WorldRuns.Run;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.ingest.publish.BatchPolicy;
import org.outagewatch.ingest.publish.EventPublisher;
import org.outagewatch.ingest.synthetic.WorldGenerator;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * Batching changes the records, not the answer: a seeded world published through {@link EventPublisher} with
 * batching on (probe results and traffic samples of one key in one record) and off, each record stream run through
 * the detector offline, gives the same alerts and incidents, record for record.
 */
class BatchingEqualsSingleTest {
    /** 12 networks, 6 probes each (6 results per network and minute), 1.5 days, 4 outages. */
    private static WorldGenerator world() {
        return WorldRuns.generator(12, Duration.ofHours(36), 6, 4);
    }

    @Test
    void shouldGiveTheSameAlertsAndIncidentsWithBatchingOnAndOff(@TempDir final Path dir) {
        final Settings settings = WorldRuns.offlineSettings(dir.resolve("state"));
        final WorldGenerator world = world();
        final List<ProducerRecord<byte[], byte[]>> single = publish(settings, world, BatchPolicy.OFF);
        final List<ProducerRecord<byte[], byte[]>> batched = publish(settings, world(), BatchPolicy.DEFAULT);

        // batches were written (not a vacuous comparison): several events per record on average
        assertThat(batched.size()).isLessThan(single.size() / 3);

        final Run off = WorldRuns.offlineRecords(settings, world.asnInfos(), single);
        final Run on = WorldRuns.offlineRecords(settings.with(Map.of(StreamsConfig.STATE_DIR_CONFIG,
                dir.resolve("state-batched").toString())), world.asnInfos(), batched);
        assertThat(off.alerts()).as("the world has alerts to compare").isNotEmpty();
        assertThat(off.incidents()).isNotEmpty();
        assertThat(on.alerts()).isEqualTo(off.alerts());
        assertThat(on.incidents()).isEqualTo(off.incidents());
    }

    /** The records an adapter writes for the world under {@code policy}, in the order it sent them. */
    private static List<ProducerRecord<byte[], byte[]>> publish(final Settings settings, final WorldGenerator world,
                                                                final BatchPolicy policy) {
        final TopicCatalog catalog = DetectorApp.catalog(settings);
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        try (EventPublisher publisher = new EventPublisher(producer, catalog, policy)) {
            world.generateAll(publisher::publish);
            publisher.flush();
            return List.copyOf(producer.history());
        }
    }
}
