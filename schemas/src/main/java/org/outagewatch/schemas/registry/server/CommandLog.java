package org.outagewatch.schemas.registry.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.outagewatch.schemas.registry.RegistryState;
import org.outagewatch.schemas.registry.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's durable store: a one-partition compacted topic of {@link RegistryCommand}s, applied in
 * offset order to a {@link RegistryState} by a background consumer thread.
 *
 * <p>Consumes and produces the command topic (key: {@link RegistryCommand#key()}, value: its JSON). Every
 * instance applies the same records in the same order with the same deterministic rules, so all agree on
 * every id and version, and a rejected (incompatible) command is rejected by all of them. A writer
 * {@link #submit submits} a command and waits until the consumer thread has applied that very record, then
 * answers with its outcome: two instances racing to register the same new schema both answer with the id
 * of whichever record came first in the log. The consumer has no group and commits nothing: each instance
 * reads the whole log from the start.
 */
final class CommandLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandLog.class);
    private static final int MAX_REPLICATION_FACTOR = 3;
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(100);

    private final RegistryServerConfig config;
    private final TopicPartition partition;
    private final RegistryState state = new RegistryState();
    private final Map<String, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private final AtomicLong skippedRecords = new AtomicLong();
    private final Admin admin;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Thread applier;
    private volatile boolean running = true;
    private volatile long appliedUpTo;
    private volatile long startupEnd = Long.MAX_VALUE;
    private volatile RuntimeException failure;

    CommandLog(final RegistryServerConfig config) {
        this.config = config;
        this.partition = new TopicPartition(config.topic(), 0);
        this.admin = Admin.create(adminConfig(config));
        this.producer = new KafkaProducer<>(producerConfig(config));
        this.consumer = new KafkaConsumer<>(consumerConfig(config));
        this.applier = new Thread(this::applyForever, "outagewatch-registry-log-" + config.topic());
        this.applier.setDaemon(true);
    }

    /** Creates the topic if it is absent, then starts reading it from the beginning. */
    void start(final Duration timeout) {
        ensureTopic(timeout);
        startupEnd = endOffset(timeout);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        applier.start();
    }

    /** The registry as of the last applied record. */
    RegistryState state() {
        return state;
    }

    /** Whether every record that was in the log at start-up has been applied (and the reader has not failed). */
    boolean caughtUp() {
        return failure == null && appliedUpTo >= startupEnd;
    }

    long appliedUpTo() {
        return appliedUpTo;
    }

    /** Records in the topic that were not our commands, skipped. */
    long skippedRecords() {
        return skippedRecords.get();
    }

    /** Waits until the records present at start-up are applied; fails with a clear message otherwise. */
    void awaitStartupCatchUp(final Duration timeout) {
        awaitApplied(startupEnd, timeout, "reading the schema log topic " + config.topic() + " at start-up");
    }

    /** Waits until every record in the log now has been applied, so a read sees all earlier writes. */
    void catchUpToEnd(final Duration timeout) {
        awaitApplied(endOffset(timeout), timeout, "catching up with the schema log topic " + config.topic());
    }

    /**
     * Writes the command and waits until it is applied; returns its outcome (the {@code SchemaVersion} of a
     * registration, the level of a config change) or throws the registry error it met (409 when incompatible).
     */
    Object submit(final RegistryCommand command, final Duration timeout) {
        checkHealthy();
        final CompletableFuture<Object> outcome = new CompletableFuture<>();
        pending.put(command.commandId(), outcome);
        try {
            final long deadline = System.nanoTime() + timeout.toNanos();
            try {
                producer.send(new ProducerRecord<>(config.topic(), partition.partition(), command.key(), command.toJson()))
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                final Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new SchemaRegistryException(SchemaRegistryException.STORE_ERROR, 500,
                        "Cannot write to the schema log topic " + config.topic() + ": " + cause, cause);
            }
            final Object result = outcome.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (result instanceof SchemaRegistryException rejected) {
                throw new SchemaRegistryException(rejected.errorCode(), rejected.httpStatus(), rejected.getMessage(), rejected);
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(OPERATION_TIMED_OUT, 500, "Interrupted while writing to the schema log", e);
        } catch (TimeoutException e) {
            throw new SchemaRegistryException(OPERATION_TIMED_OUT, 500,
                    "Timed out after " + timeout.toMillis() + " ms waiting for the schema log topic " + config.topic()
                            + " to apply a change (applied up to offset " + appliedUpTo + ")", e);
        } catch (ExecutionException e) {
            throw new SchemaRegistryException(SchemaRegistryException.STORE_ERROR, 500, "The schema log failed: " + e.getCause(), e.getCause());
        } finally {
            pending.remove(command.commandId());
        }
    }

    /** Confluent's error code for an operation that timed out. */
    static final int OPERATION_TIMED_OUT = 50002;

    private void applyForever() {
        while (running) {
            try {
                for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                advance(consumer.position(partition));
            } catch (WakeupException e) {
                if (running) {
                    LOG.warn("Schema log reader of topic {} woken up unexpectedly; going on", config.topic());
                }
            } catch (KafkaException e) {
                LOG.warn("Cannot read the schema log topic {} (applied up to offset {}); retrying in a second: {}",
                        config.topic(), appliedUpTo, e.toString());
                pause(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                failure = e;
                LOG.error("The schema log reader of topic {} stopped at offset {}; this registry is no longer healthy",
                        config.topic(), appliedUpTo, e);
                pending.values().forEach(f -> f.completeExceptionally(e));
                synchronized (progress) {
                    progress.notifyAll();
                }
                return;
            }
        }
    }

    private void apply(final ConsumerRecord<String, String> record) {
        final RegistryCommand command;
        try {
            command = RegistryCommand.parse(record.value());
        } catch (IllegalArgumentException e) {
            skippedRecords.incrementAndGet();
            LOG.warn("Skipping {}: {}. topic=[{}] partition=[{}] offset=[{}]",
                    "a record that is not a registry command", e.getMessage(), record.topic(), record.partition(), record.offset());
            advance(record.offset() + 1);
            return;
        }
        final Object outcome = outcomeOf(command, record);
        advance(record.offset() + 1);
        final CompletableFuture<Object> waiting = pending.get(command.commandId());
        if (waiting != null) {
            waiting.complete(outcome);
        }
    }

    /** Applies one command to the state; the same record gives the same outcome on every instance. */
    private Object outcomeOf(final RegistryCommand command, final ConsumerRecord<String, String> record) {
        if (command instanceof RegistryCommand.SetCompatibility change) {
            state.setCompatibility(change.subject(), change.level());
            return change.level();
        }
        final RegistryCommand.Register register = (RegistryCommand.Register) command;
        try {
            return state.register(register.subject(), new Schema.Parser().parse(register.schema()));
        } catch (SchemaRegistryException e) {
            LOG.warn("Skipping {}: {}. topic=[{}] partition=[{}] offset=[{}]",
                    "a rejected registration", e.getMessage(), record.topic(), record.partition(), record.offset());
            return e;
        } catch (RuntimeException e) {
            LOG.warn("Skipping {}: {}. topic=[{}] partition=[{}] offset=[{}]",
                    "a registration of an invalid schema", e.getMessage(), record.topic(), record.partition(), record.offset());
            return new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA, 422, "Invalid schema: " + e.getMessage(), e);
        }
    }

    private void advance(final long position) {
        if (position > appliedUpTo) {
            synchronized (progress) {
                appliedUpTo = position;
                progress.notifyAll();
            }
        }
    }

    private void awaitApplied(final long offset, final Duration timeout, final String what) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (appliedUpTo < offset) {
                checkHealthy();
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SchemaRegistryException(OPERATION_TIMED_OUT, 500, "Timed out after " + timeout.toMillis()
                            + " ms " + what + ": applied up to offset " + appliedUpTo + " of " + offset);
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SchemaRegistryException(OPERATION_TIMED_OUT, 500, "Interrupted while " + what, e);
                }
            }
        }
        checkHealthy();
    }

    private void checkHealthy() {
        final RuntimeException failed = failure;
        if (failed != null) {
            throw new SchemaRegistryException(SchemaRegistryException.STORE_ERROR, 500,
                    "The schema log reader failed: " + failed, failed);
        }
    }

    /** The log's end offset; retries while a just-created topic is not yet known to the broker. */
    private long endOffset(final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
            } catch (ExecutionException | TimeoutException e) {
                final Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (!(cause instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new SchemaRegistryException(SchemaRegistryException.STORE_ERROR, 500, "Cannot read the end of the schema log topic "
                            + config.topic() + " at " + config.bootstrapServers() + ": " + cause, cause);
                }
                LOG.debug("Retrying to read the end of {}: {}", config.topic(), cause.toString());
                pause(RETRY_BACKOFF);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(OPERATION_TIMED_OUT, 500, "Interrupted while reading the end of the schema log", e);
            }
        }
    }

    /** Creates the topic (one partition, compacted) unless it exists; an existing one must have one partition. */
    private void ensureTopic(final Duration timeout) {
        final String topic = config.topic();
        try {
            final TopicDescription existing = describe(topic, timeout);
            if (existing == null) {
                final int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
                final short replication = (short) Math.max(1, Math.min(MAX_REPLICATION_FACTOR, brokers));
                final NewTopic newTopic = new NewTopic(topic, 1, replication)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                try {
                    admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    LOG.info("Created the schema log topic {} (1 partition, replication factor {}, compacted)", topic, replication);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                return;
            }
            if (existing.partitions().size() != 1) {
                throw new IllegalStateException("The schema log topic " + topic + " has " + existing.partitions().size()
                        + " partitions; the schema registry needs exactly 1 so that every instance reads the commands in one order");
            }
            final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            final Config topicConfig = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            final String policy = topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG) == null ? ""
                    : topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT) || policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
                LOG.warn("The schema log topic {} has cleanup.policy={}; set it to compact, or old schemas will be deleted by retention", topic, policy);
            }
        } catch (ExecutionException | TimeoutException e) {
            final Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Cannot prepare the schema log topic " + topic + " on Kafka at "
                    + config.bootstrapServers() + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing the schema log topic " + topic, e);
        }
    }

    private TopicDescription describe(final String topic, final Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    private static void pause(final Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> common(final RegistryServerConfig config) {
        final Map<String, Object> out = new HashMap<>(config.kafkaClientConfig());
        out.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        return out;
    }

    private static Map<String, Object> adminConfig(final RegistryServerConfig config) {
        final Map<String, Object> out = new HashMap<>();
        common(config).forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                out.put(key, value);
            }
        });
        return out;
    }

    private static Map<String, Object> producerConfig(final RegistryServerConfig config) {
        final Map<String, Object> out = new HashMap<>();
        common(config).forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key)) {
                out.put(key, value);
            }
        });
        out.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        out.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        out.put(ProducerConfig.ACKS_CONFIG, "all");
        out.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        out.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return out;
    }

    private static Map<String, Object> consumerConfig(final RegistryServerConfig config) {
        final Map<String, Object> out = new HashMap<>();
        common(config).forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key) && !key.equals(ConsumerConfig.GROUP_ID_CONFIG)) {
                out.put(key, value);
            }
        });
        out.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        out.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        out.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        out.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        out.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return out;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            if (applier.isAlive()) {
                applier.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!applier.isAlive()) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        } else {
            LOG.warn("The schema log reader of topic {} did not stop within 10 s", config.topic());
        }
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
