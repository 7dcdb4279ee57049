package org.outagewatch.ingest.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.outagewatch.ingest.synthetic.WorldEvent;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.ProbeResultBatch;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.TrafficSampleBatch;
import org.outagewatch.schemas.serde.WireFormat;
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
 *
 * <p>Probe results and traffic samples are batched per key by a {@link BatchPolicy} (on by default): the events of
 * one key that arrive close together go out as one record of the topic's batch type
 * ({@link org.outagewatch.schemas.topic.EventBatches}), built from the events' own encodings. Every event is still
 * serialized (and so checked) in {@link #send}; the counts ({@link #sent()}, {@link #acknowledged()}) are of events.
 * {@link #flush()} and {@link #close()} send the pending batches first.
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
    private final LongAdder records = new LongAdder();
    private final long startNanos = System.nanoTime();
    private final EventBatcher batcher;
    private final ScheduledExecutorService lingerTimer;
    private final Map<String, Integer> batchSchemaIds = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Creates the producer.
     *
     * @param clientConfig Kafka client settings ({@code bootstrap.servers}, security...); keys that are not
     *                     producer settings (registry, ours) are left out; see {@link #producerConfig}
     * @param catalog the topics and their serdes
     */
    public EventPublisher(final Map<String, ?> clientConfig, final TopicCatalog catalog) {
        this(clientConfig, catalog, BatchPolicy.DEFAULT);
    }

    /** Creates the producer, batching probe results and traffic samples by {@code policy}. */
    public EventPublisher(final Map<String, ?> clientConfig, final TopicCatalog catalog, final BatchPolicy policy) {
        this(new KafkaProducer<>(producerConfig(clientConfig), new ByteArraySerializer(), new ByteArraySerializer()),
                catalog, policy);
    }

    /** Publishes through a given producer (it is closed with this publisher), with the default batching. */
    public EventPublisher(final Producer<byte[], byte[]> producer, final TopicCatalog catalog) {
        this(producer, catalog, BatchPolicy.DEFAULT);
    }

    /** Publishes through a given producer (it is closed with this publisher), batching by {@code policy}. */
    public EventPublisher(final Producer<byte[], byte[]> producer, final TopicCatalog catalog, final BatchPolicy policy) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        if (policy.enabled()) {
            this.batcher = new EventBatcher(policy, System::nanoTime, this::sendBatch);
            final long period = Math.max(10L, policy.linger().toMillis() / 2);
            this.lingerTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                final Thread thread = new Thread(runnable, "outagewatch-publisher-linger");
                thread.setDaemon(true);
                return thread;
            });
            lingerTimer.scheduleAtFixedRate(this::expireQuietly, period, period, TimeUnit.MILLISECONDS);
        } else {
            this.batcher = null;
            this.lingerTimer = null;
        }
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
        sent.increment();
        sentByTopic.computeIfAbsent(name, n -> new LongAdder()).increment();
        if (batcher != null && isBatched(topic)) {
            batcher.add(name, key, keyBytes, value, valueBytes, eventTime.toEpochMilli());
        } else {
            produce(name, key, keyBytes, valueBytes, eventTime.toEpochMilli(), 1);
        }
    }

    private boolean isBatched(final Topic<String, ?> topic) {
        return topic.name().equals(catalog.probeResults().name()) || topic.name().equals(catalog.trafficSamples().name());
    }

    /** Sends a due batch: one event as itself, more as one record of the topic's batch type. */
    private void sendBatch(final EventBatcher.Batch batch) {
        final String topic = batch.topicKey.topic();
        final byte[] value = batch.size() == 1 ? batch.values.get(0)
                : batch.encode(batchSchemaIds.computeIfAbsent(topic, t -> batchSchemaId(t, batch.first)));
        produce(topic, batch.topicKey.key(), batch.keyBytes, value, batch.firstEventTime, batch.size());
    }

    /** The registry id of the batch type of {@code topic}: registered (or looked up) by serializing a batch of one. */
    private int batchSchemaId(final String topic, final Object first) {
        final byte[] one;
        if (first instanceof ProbeResult probe) {
            one = catalog.batches().probeBatches().serialize(topic, new ProbeResultBatch(List.of(probe)));
        } else if (first instanceof TrafficSample sample) {
            one = catalog.batches().trafficBatches().serialize(topic, new TrafficSampleBatch(List.of(sample)));
        } else {
            throw new IllegalStateException("No batch type for " + first.getClass().getName() + " on " + topic);
        }
        return WireFormat.schemaId(one);
    }

    private void produce(final String name, final String key, final byte[] keyBytes, final byte[] valueBytes,
                         final long timestamp, final int events) {
        records.increment();
        producer.send(new ProducerRecord<>(name, null, timestamp, keyBytes, valueBytes), (metadata, error) -> {
            if (error == null) {
                acknowledged.add(events);
            } else {
                failed.add(events);
                final long failures = failed.sum();
                if (failures <= FAILURE_LOG_FIRST || failures % FAILURE_LOG_EVERY == 0) {
                    LOG.warn("Failed to publish {} event(s), {} failed of {}: {}. topic=[{}] key=[{}] timestamp=[{}]",
                            events, failures, sent.sum(), error.toString(), name, key, Instant.ofEpochMilli(timestamp));
                }
            }
        });
    }

    private void expireQuietly() {
        try {
            batcher.expire();
        } catch (RuntimeException e) {
            LOG.warn("Could not send lingering batches: {}", e.toString());
        }
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
        if (batcher != null) {
            batcher.drain();
        }
        producer.flush();
    }

    /** Kafka records sent so far (fewer than {@link #sent()} events when batching). */
    public long records() {
        return records.sum();
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
            if (lingerTimer != null) {
                lingerTimer.shutdownNow();
            }
            if (batcher != null) {
                batcher.drain();
            }
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
