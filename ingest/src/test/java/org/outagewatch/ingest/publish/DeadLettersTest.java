package org.outagewatch.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.outagewatch.ingest.synthetic.WorldSpec;
import org.outagewatch.schemas.DeadLetter;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicCatalog;

class DeadLettersTest {
    private static final Instant T0 = WorldSpec.DEFAULT_START;
    private static final TopicCatalog CATALOG = TopicCatalog.create(
            Map.of(Settings.SCHEMA_REGISTRY_URL, "mock://dead-letters-test"), TopicCatalog.DEFAULT_PARTITIONS);

    @Test
    void shouldKeepReasonErrorStageOriginAndPayload() {
        final byte[] payload = "{\"rtt\": -1}".getBytes(StandardCharsets.UTF_8);
        final DeadLetter letter = DeadLetters.build("impossible RTT\n  -1 ms", new NumberFormatException("x"), "ingest.atlas",
                DeadLetters.fileOrigin(Path.of("atlas.jsonl"), 17), payload, T0);

        assertThat(letter.getReason()).isEqualTo("impossible RTT -1 ms");
        assertThat(letter.getErrorClass()).isEqualTo(NumberFormatException.class.getName());
        assertThat(letter.getStage()).isEqualTo("ingest.atlas");
        assertThat(letter.getOrigin()).isEqualTo("atlas.jsonl:17");
        assertThat(bytes(letter.getPayload())).isEqualTo(payload);
        assertThat(letter.getPayloadTruncated()).isFalse();
        assertThat(letter.getRejectedAt()).isEqualTo(T0);
    }

    @Test
    void shouldCutThePayloadToOneMebibyte() {
        final DeadLetter letter = DeadLetters.build("too big", null, "ingest.bgp", DeadLetters.recordOrigin("routing-updates", 2, 41),
                new byte[DeadLetters.MAX_PAYLOAD_BYTES + 10], T0);

        assertThat(letter.getPayload().remaining()).isEqualTo(DeadLetters.MAX_PAYLOAD_BYTES);
        assertThat(letter.getPayloadTruncated()).isTrue();
        assertThat(letter.getErrorClass()).isNull();
        assertThat(letter.getOrigin()).isEqualTo("routing-updates/2@41");
    }

    @Test
    void shouldPublishCountAndKeyDeadLettersByOrigin() {
        final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (EventPublisher publisher = new EventPublisher(producer, CATALOG)) {
            final DeadLetters deadLetters = new DeadLetters(publisher, "ingest.test", Clock.fixed(T0, ZoneOffset.UTC));
            deadLetters.reject("unknown ASN", "input.csv:3", "x".getBytes(StandardCharsets.UTF_8));
            deadLetters.reject("bad line", new IllegalArgumentException("no"), "input.csv:4", null);

            assertThat(deadLetters.count()).isEqualTo(2);
            assertThat(producer.history()).hasSize(2).allSatisfy(r -> {
                assertThat(r.topic()).isEqualTo(CATALOG.deadLetters().name());
                assertThat(r.timestamp()).isEqualTo(T0.toEpochMilli());
            });
            final DeadLetter second = CATALOG.deadLetters().valueSerde().deserializer()
                    .deserialize(CATALOG.deadLetters().name(), producer.history().get(1).value());
            assertThat(second.getOrigin()).isEqualTo("input.csv:4");
            assertThat(second.getStage()).isEqualTo("ingest.test");
            assertThat(new String(producer.history().get(1).key(), StandardCharsets.UTF_8)).isEqualTo("input.csv:4");
        }
    }

    @Test
    void shouldOnlyCountWithoutAPublisher() {
        final DeadLetters deadLetters = new DeadLetters(null, "ingest.dry", Clock.fixed(T0, ZoneOffset.UTC));
        final DeadLetter letter = deadLetters.reject("bad", "f:1", new byte[] {1});

        assertThat(deadLetters.count()).isEqualTo(1);
        assertThat(letter.getRejectedAt()).isEqualTo(T0);
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
