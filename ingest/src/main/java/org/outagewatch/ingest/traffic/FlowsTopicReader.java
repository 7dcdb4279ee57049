package org.outagewatch.ingest.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.outagewatch.ingest.source.InvalidRecordException;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.Parsed;
import org.outagewatch.ingest.source.RecordSink;

/**
 * goflow2's JSON flow messages from a Kafka topic ({@code goflow2 -transport=kafka -format=json}) into a
 * {@link FlowAggregator}, with the samples of closed intervals passed to a {@link RecordSink} as the stream advances:
 * an interval is closed once a flow starts {@code grace} after its end (the watermark is the latest flow start minus
 * the grace; flows later than that start a second sample for their interval). Invalid JSON and rejected flows are
 * rejected with the origin {@code topic/partition@offset}. Stops after {@code maxRecords} messages, when no message
 * came for {@code idle}, or when {@code stop} says so, then passes on every remaining sum. Used by one thread.
 */
public final class FlowsTopicReader {
    private static final Duration POLL = Duration.ofMillis(200);

    private final ObjectMapper mapper = new ObjectMapper();
    private final FlowAggregator aggregator;
    private final Duration grace;

    public FlowsTopicReader(final FlowAggregator aggregator, final Duration grace) {
        this.aggregator = aggregator;
        if (grace.isNegative()) {
            throw new IllegalArgumentException("The grace must not be negative: " + grace);
        }
        this.grace = grace;
    }

    /** The consumer settings for a topic read: byte arrays, from the earliest offset unless the group has one. */
    public static Map<String, Object> consumerConfig(final Map<String, Object> kafkaConfig, final String groupId) {
        final Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }

    /**
     * Reads the topic until a stop condition and passes the samples on.
     *
     * @return the messages read
     */
    public long read(final Map<String, Object> consumerConfig, final String topic, final RecordSink sink,
                     final long maxRecords, final Duration idle, final BooleanSupplier stop) {
        long read = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            long lastMessage = System.nanoTime();
            while (read < maxRecords && !stop.getAsBoolean() && System.nanoTime() - lastMessage < idle.toNanos()) {
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (final ConsumerRecord<byte[], byte[]> record : records) {
                    handle(record, sink);
                    read++;
                    lastMessage = System.nanoTime();
                }
                final Instant latest = aggregator.latestStart();
                if (latest != null) {
                    aggregator.drainBefore(latest.minus(grace)).forEach(sink::accept);
                }
                consumer.commitSync();
            }
        }
        aggregator.drain().forEach(sink::accept);
        return read;
    }

    private void handle(final ConsumerRecord<byte[], byte[]> record, final RecordSink sink) {
        final Origin origin = Origin.record(record.topic(), record.partition(), record.offset());
        final byte[] value = record.value() == null ? new byte[0] : record.value();
        final JsonNode node;
        try {
            node = mapper.readTree(value);
        } catch (JsonProcessingException e) {
            sink.reject(origin, "Invalid JSON: " + e.getOriginalMessage(), e, value);
            return;
        } catch (IOException e) {
            sink.reject(origin, "Invalid JSON: " + e.getMessage(), e, value);
            return;
        }
        if (node == null || node.isMissingNode()) {
            sink.reject(origin, "Empty message", null, value);
            return;
        }
        try {
            final Parsed parsed = aggregator.add(node);
            if (parsed instanceof Parsed.Rejected rejected) {
                sink.reject(origin, rejected.reason(), null, value);
            } else {
                ((Parsed.Records) parsed).records().forEach((Keyed keyed) -> sink.accept(keyed));
            }
        } catch (InvalidRecordException e) {
            sink.reject(origin, e.getMessage(), null, value);
        } catch (ArithmeticException e) {
            sink.reject(origin, "Counter overflow: " + e.getMessage(), e, value);
        }
    }
}
