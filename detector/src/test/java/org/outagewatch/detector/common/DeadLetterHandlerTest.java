package org.outagewatch.detector.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.DeadLetter;
import org.outagewatch.schemas.registry.SchemaRegistryException;
import org.outagewatch.schemas.serde.SpecificAvroDeserializer;

class DeadLetterHandlerTest {
    private static final String TOPIC = "probe-results";
    private static final String DLQ = "ingest-dead-letters";

    private record Context(String topic, int partition, long offset) implements ErrorHandlerContext {
        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "probe-results-source";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, partition);
        }

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public byte[] sourceRawKey() {
            return null;
        }

        @Override
        public byte[] sourceRawValue() {
            return null;
        }
    }

    @Test
    void shouldResumeWithAnAvroDeadLetterNamingReasonAndOrigin() {
        final Map<String, Object> config = Map.of(DeadLetterHandler.TOPIC_CONFIG, DLQ,
                "schema.registry.url", "mock://dlq-" + UUID.randomUUID());
        final DeadLetterHandler handler = new DeadLetterHandler();
        handler.configure(config);
        final byte[] payload = "not avro".getBytes(StandardCharsets.UTF_8);
        final DeserializationExceptionHandler.Response response = handler.handleError(new Context(TOPIC, 2, 41),
                new ConsumerRecord<>(TOPIC, 2, 41, null, payload), new SerializationException("bad magic byte"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        final ProducerRecord<byte[], byte[]> out = response.deadLetterQueueRecords().get(0);
        assertThat(out.topic()).isEqualTo(DLQ);
        assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo(TOPIC + "/2@41");
        final SpecificAvroDeserializer<DeadLetter> reader = new SpecificAvroDeserializer<>(DeadLetter.class);
        reader.configure(config, false);
        final DeadLetter letter = reader.deserialize(DLQ, out.value());
        assertThat(letter.getReason()).isEqualTo("bad magic byte");
        assertThat(letter.getErrorClass()).isEqualTo(SerializationException.class.getName());
        assertThat(letter.getOrigin()).isEqualTo(TOPIC + "/2@41");
        assertThat(letter.getStage()).isEqualTo(DeadLetterHandler.STAGE);
        assertThat(StandardCharsets.UTF_8.decode(letter.getPayload()).toString()).isEqualTo("not avro");
        assertThat(letter.getPayloadTruncated()).isFalse();
    }

    @Test
    void shouldKeepAWritableSliceOfAHugeRecord() {
        final Map<String, Object> config = Map.of(DeadLetterHandler.TOPIC_CONFIG, DLQ,
                "schema.registry.url", "mock://dlq-" + UUID.randomUUID());
        final DeadLetterHandler handler = new DeadLetterHandler();
        handler.configure(config);
        final byte[] payload = new byte[10 << 20];
        final DeserializationExceptionHandler.Response response = handler.handleError(new Context(TOPIC, 0, 7),
                new ConsumerRecord<>(TOPIC, 0, 7, null, payload), new PoisonRecordException("record of 10485760 bytes"));

        final byte[] value = response.deadLetterQueueRecords().get(0).value();
        // under the producer's max.request.size and the topic's max.message.bytes (1 MiB by default)
        assertThat(value.length).isLessThan(100 << 10);
        final SpecificAvroDeserializer<DeadLetter> reader = new SpecificAvroDeserializer<>(DeadLetter.class);
        reader.configure(config, false);
        final DeadLetter letter = reader.deserialize(DLQ, value);
        assertThat(letter.getPayloadTruncated()).isTrue();
        assertThat(letter.getPayload().remaining()).isEqualTo(DeadLetterHandler.MAX_PAYLOAD);
    }

    @Test
    void shouldFailRatherThanDeadLetterWhenTheRegistryIsUnreachable() {
        final DeadLetterHandler handler = new DeadLetterHandler();
        handler.configure(Map.of(DeadLetterHandler.TOPIC_CONFIG, DLQ, "schema.registry.url", "mock://dlq-" + UUID.randomUUID()));
        final SerializationException unreachable = new SerializationException("Cannot get the writer's schema with id 3",
                new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, 0, "connection refused"));
        final DeserializationExceptionHandler.Response response = handler.handleError(new Context(TOPIC, 0, 8),
                new ConsumerRecord<>(TOPIC, 0, 8, null, new byte[] {0, 0, 0, 0, 3}), unreachable);

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }
}
