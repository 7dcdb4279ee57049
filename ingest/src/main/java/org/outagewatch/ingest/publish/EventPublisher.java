package org.outagewatch.ingest.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.outagewatch.ingest.synthetic.WorldEvent;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events to the topics of a {@link TopicCatalog} with one idempotent producer
 * ({@code enable.idempotence=true}, {@code acks=all}, batched with linger and lz4). Keys and values are
 * serialized with the topic's serdes (Avro values in Confluent's wire format), the record timestamp is the
 * event time, and partitioning is Kafka's default on the key, the same as Kafka Streams'. Sends are
 * asynchronous; a callback counts acknowledgements and failures (failures are logged at WARN, the first
 * ones in full, then one in {@value #FAILURE_LOG_EVERY}). {@link #close()} flushes and logs a summary.
 *
 * <p>A value the serde rejects throws {@link org.apache.kafka.common.errors.SerializationException} from
 * {@link #send}; callers route it to {@link DeadLetters}.
 */
public final class EventPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    static final int FAILURE_LOG_FIRST = 10;
    static final int FAILURE_LOG_EVERY = 1000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<byte[], byte[]> producer;
    private final TopicCatalog catalog;
    private final LongAdder sent = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> sentByTopic = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();
    private volatile boolean closed;

    /**
     * Creates the producer.
     *
     * @param clientConfig Kafka client settings ({@code bootstrap.servers}, security...); keys that are not
     *                     producer settings (registry, ours) are left out; see {@link #producerConfig}
     * @param catalog the topics and their serdes
     */
    public EventPublisher(final Map<String, ?> clientConfig, final TopicCatalog catalog) {
        this(new KafkaProducer<>(producerConfig(clientConfig), new ByteArraySerializer(), new ByteArraySerializer()),
                catalog);
    }

    /** Publishes through a given producer (it is closed with this publisher). */
    public EventPublisher(final Producer<byte[], byte[]> producer, final TopicCatalog catalog) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * The producer settings: throughput defaults ({@code linger.ms=20}, {@code batch.size=256 KiB},
     * {@code compression.type=lz4}), then the given producer settings on top, then the settings that must
     * hold ({@code enable.idempotence=true}, {@code acks=all}). Keys that are not producer settings are dropped.
     */
    public static Map<String, Object> producerConfig(final Map<String, ?> clientConfig) {
        final Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "outagewatch-ingest");
        clientConfig.forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key) && value != null) {
                config.put(key, value);
            }
        });
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        return config;
    }

    public TopicCatalog catalog() {
        return catalog;
    }

    /**
     * Sends one record asynchronously.
     *
     * @param eventTime the record timestamp (the event time)
     * @throws org.apache.kafka.common.errors.SerializationException when the serde rejects the value
     * @throws IllegalStateException after {@link #close()}
     */
    public <V> void send(final Topic<String, V> topic, final String key, final V value, final Instant eventTime) {
        if (closed) {
            throw new IllegalStateException("Publisher is closed");
        }
        final String name = topic.name();
        final byte[] keyBytes = topic.keySerde().serializer().serialize(name, key);
        final byte[] valueBytes = topic.valueSerde().serializer().serialize(name, value);
        final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(name, null, eventTime.toEpochMilli(),
                keyBytes, valueBytes);
        sent.increment();
        sentByTopic.computeIfAbsent(name, n -> new LongAdder()).increment();
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                acknowledged.increment();
            } else {
                failed.increment();
                final long failures = failed.sum();
                if (failures <= FAILURE_LOG_FIRST || failures % FAILURE_LOG_EVERY == 0) {
                    LOG.warn("Failed to publish record {} of {}: {}. topic=[{}] key=[{}] timestamp=[{}]", failures,
                            sent.sum(), error.toString(), name, key, eventTime);
                }
            }
        });
    }

    /** Sends a synthetic event to its topic (probe-results or traffic-samples). */
    public void publish(final WorldEvent event) {
        if (event instanceof WorldEvent.Probe probe) {
            send(catalog.probeResults(), probe.key(), probe.value(), probe.eventTime());
        } else if (event instanceof WorldEvent.Traffic traffic) {
            send(catalog.trafficSamples(), traffic.key(), traffic.value(), traffic.eventTime());
        } else {
            throw new IllegalArgumentException("Unknown event type " + event.getClass().getName());
        }
    }

    /** Blocks until every record sent so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    public long sent() {
        return sent.sum();
    }

    public long acknowledged() {
        return acknowledged.sum();
    }

    public long failed() {
        return failed.sum();
    }

    /** The counts so far. */
    public PublishSummary summary() {
        final Map<String, Long> byTopic = new TreeMap<>();
        sentByTopic.forEach((topic, count) -> byTopic.put(topic, count.sum()));
        return new PublishSummary(sent.sum(), acknowledged.sum(), failed.sum(), byTopic,
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** Flushes, closes the producer and logs the summary; returns nothing, see {@link #summary()}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            producer.flush();
        } finally {
            producer.close(CLOSE_TIMEOUT);
        }
        final PublishSummary summary = summary();
        if (summary.failed() > 0) {
            LOG.warn("Publisher closed: {}", summary);
        } else {
            LOG.info("Publisher closed: {}", summary);
        }
    }
}
