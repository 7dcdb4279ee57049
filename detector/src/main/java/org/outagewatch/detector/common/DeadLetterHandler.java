package org.outagewatch.detector.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.outagewatch.schemas.DeadLetter;
import org.outagewatch.schemas.registry.SchemaRegistryException;
import org.outagewatch.schemas.serde.SpecificAvroSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs and dead-letters records that cannot be deserialized, then lets the task continue. The dead letter
 * is a {@link DeadLetter} (Avro, key = origin {@code topic/partition@offset}) on the topic named by
 * {@link #TOPIC_CONFIG}; Streams writes it through its own producer, in the same transaction as the task's
 * output (KIP-1034's handler response), and counts it in the task's {@code dropped-records} metric. Kafka's built-in {@code errors.dead.letter.queue.topic.name} is not used:
 * it writes raw bytes, and our dead-letter topic carries Avro.
 *
 * <p>If the dead letter itself cannot be serialized (the registry is down), the task fails rather than lose the
 * record.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);
    /** The dead-letter topic name, in the Streams config. */
    public static final String TOPIC_CONFIG = "outagewatch.detector.dead-letter-topic";
    public static final String STAGE = "detector.signals";
    /**
     * The most of a record's bytes a dead letter keeps: well under the producer's {@code max.request.size} and the
     * dead-letter topic's {@code max.message.bytes} (1 MiB by default), so that a huge record's dead letter is
     * itself writable (a dead letter with a 1 MiB payload was not, and failed the task).
     */
    static final int MAX_PAYLOAD = 64 << 10;

    private String topic;
    private SpecificAvroSerializer<DeadLetter> serializer;

    @Override
    public void configure(final Map<String, ?> configs) {
        final Object name = configs.get(TOPIC_CONFIG);
        this.topic = name == null ? null : name.toString();
        this.serializer = new SpecificAvroSerializer<>();
        this.serializer.configure(configs, false);
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final ConsumerRecord<byte[], byte[]> record,
                                final Exception exception) {
        final String origin = context.topic() + "/" + context.partition() + "@" + context.offset();
        if (registryUnavailable(exception)) {
            // the record may be fine: the writer's schema could not be fetched; fail the task rather than dead-letter
            // good data, a restart reads it again
            LOG.error("Cannot read {}: the schema registry is unavailable ({}); failing the task rather than dead-lettering it",
                    origin, exception.getMessage());
            return Response.fail();
        }
        LOG.warn("Skipping {}: {}. topic=[{}] partition=[{}] offset=[{}]", "record", "cannot deserialize: " + exception.getMessage(),
                context.topic(), context.partition(), context.offset());
        if (topic == null) {
            LOG.error("No dead-letter topic configured ({}); the record at {} is only logged", TOPIC_CONFIG, origin);
            return Response.resume();
        }
        final byte[] raw = record.value() == null ? new byte[0] : record.value();
        final boolean truncated = raw.length > MAX_PAYLOAD;
        final DeadLetter letter = DeadLetter.newBuilder()
                .setReason(oneLine(exception.getMessage()))
                .setErrorClass(exception.getClass().getName())
                .setStage(STAGE)
                .setOrigin(origin)
                .setPayload(ByteBuffer.wrap(truncated ? Arrays.copyOf(raw, MAX_PAYLOAD) : raw))
                .setPayloadTruncated(truncated)
                .setRejectedAt(Instant.now())
                .build();
        final byte[] value;
        try {
            value = serializer.serialize(topic, letter);
        } catch (RuntimeException e) {
            LOG.error("Cannot write the dead letter for {}; failing the task rather than losing it", origin, e);
            return Response.fail();
        }
        return Response.resume(List.of(new ProducerRecord<>(topic, null, origin.getBytes(StandardCharsets.UTF_8), value)));
    }

    /**
     * True when {@code exception} comes from a registry that could not answer (unreachable, not trusted over TLS, 5xx),
     * not from the record.
     */
    static boolean registryUnavailable(final Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException e) {
                return e.errorCode() == SchemaRegistryException.UNREACHABLE
                        || e.errorCode() == SchemaRegistryException.TLS_REFUSED || e.httpStatus() >= 500;
            }
        }
        return false;
    }

    private static String oneLine(final String message) {
        if (message == null) {
            return "unreadable record";
        }
        final String flat = message.replace('\n', ' ').replace('\r', ' ');
        return flat.length() > 500 ? flat.substring(0, 500) : flat;
    }
}
