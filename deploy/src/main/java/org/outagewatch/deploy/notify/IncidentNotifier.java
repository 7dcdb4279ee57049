package org.outagewatch.deploy.notify;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.topic.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every incident event (OPEN, UPDATE, RESOLVED) on {@code incidents} to a webhook, in order per incident,
 * at least once and, across restarts, never twice: it reads in a consumer group (read-committed: only what the
 * detector's transactions committed) and commits a record's offset only after the webhook answered 2xx for it. A
 * failed attempt (no answer, or any other status) is retried with back-off, for as long as it takes: the consumer
 * stays in its group meanwhile (its partitions paused), so a long outage of the receiver delays deliveries but loses
 * none. One exception keeps a single event from holding back every later one: a receiver that refuses the body itself
 * ({@link WebhookClient.Outcome#refusesTheBody()}: 400, 413, 415, 422) {@value #REFUSALS_BEFORE_GIVING_UP} times in a
 * row is given up on, with an ERROR naming the record and a count. Tombstones, records that cannot be decoded and
 * incidents the filter leaves out are passed over (and committed). The one window for a repeat is a crash between the
 * 2xx and the commit: the {@link Delivery#ID_HEADER} header lets the receiver drop it.
 */
public final class IncidentNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentNotifier.class);
    private static final Duration POLL = Duration.ofMillis(500);
    static final int REFUSALS_BEFORE_GIVING_UP = 3;

    /** Counts since start; {@code givenUp}: events the receiver refused {@value #REFUSALS_BEFORE_GIVING_UP} times. */
    public record Counts(long delivered, long failedAttempts, long passedOver, long givenUp) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<String, Incident> incidents;
    private final Deserializer<Incident> values;
    private final WebhookClient client;
    private final WebhookFormat format;
    private final Backoff backoff;
    private final Predicate<Incident> filter;
    private final Consumer<String> onDelivered;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Set<TopicPartition> owned = new HashSet<>();
    /** Bumped at every revocation: a batch taken before it is not ours to finish. */
    private long revocations;
    private long delivered;
    private long failedAttempts;
    private long passedOver;
    private long givenUp;

    /**
     * @param clientConfig Kafka client settings (bootstrap servers, security); other keys are dropped
     * @param fromBeginning where a group without committed offsets starts: the oldest record kept, or the end
     * @param onDelivered told one line per delivered event, and per event given up on
     */
    public IncidentNotifier(final Map<String, ?> clientConfig, final String groupId, final boolean fromBeginning,
                            final Topic<String, Incident> incidents, final WebhookClient client, final WebhookFormat format,
                            final Backoff backoff, final Predicate<Incident> filter, final Consumer<String> onDelivered) {
        final Map<String, Object> config = new HashMap<>();
        clientConfig.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                config.put(k, v);
            }
        });
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        // one delivery at a time: a small batch keeps the work between two polls short
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.incidents = incidents;
        this.values = incidents.valueSerde().deserializer();
        this.client = client;
        this.format = format;
        this.backoff = backoff;
        this.filter = filter;
        this.onDelivered = onDelivered;
    }

    /** Runs until {@link #stop()}; the caller's thread. */
    public void run() throws InterruptedException {
        consumer.subscribe(List.of(incidents.name()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
                owned.removeAll(partitions);
                revocations++;
            }

            @Override
            public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
                owned.addAll(partitions);
            }

            @Override
            public void onPartitionsLost(final Collection<TopicPartition> partitions) {
                onPartitionsRevoked(partitions);
            }
        });
        try {
            while (running.get()) {
                final ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                for (final TopicPartition partition : records.partitions()) {
                    final long epoch = revocations;
                    for (final ConsumerRecord<String, byte[]> record : records.records(partition)) {
                        if (!running.get() || revocations != epoch || !owned.contains(partition)) {
                            break;
                        }
                        if (handle(record, epoch)) {
                            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        }
    }

    /** True when the record is done with (delivered or passed over) and its offset may be committed. */
    private boolean handle(final ConsumerRecord<String, byte[]> record, final long epoch) throws InterruptedException {
        if (record.value() == null) {
            passedOver++;
            return true;
        }
        final Incident incident;
        try {
            incident = values.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            passedOver++;
            LOG.warn("Passing over {}: {}. topic=[{}] partition=[{}] offset=[{}]", "record", "cannot deserialize: " + e.getMessage(),
                    record.topic(), record.partition(), record.offset());
            return true;
        }
        if (!filter.test(incident)) {
            passedOver++;
            return true;
        }
        final Delivery delivery = new Delivery(record.topic() + "-" + record.partition() + "-" + record.offset(),
                incident.getStatus().name(), incident.getIncidentId(), format.body(incident));
        int refusals = 0;
        for (int attempt = 1; running.get(); attempt++) {
            final WebhookClient.Outcome outcome = client.post(delivery);
            if (outcome.delivered()) {
                delivered++;
                onDelivered.accept(String.format("delivered %s %s %s (%s, attempt %d)", incident.getStatus(),
                        incident.getKind(), incident.getIncidentId(), outcome, attempt));
                return true;
            }
            failedAttempts++;
            refusals = outcome.refusesTheBody() ? refusals + 1 : 0;
            if (refusals >= REFUSALS_BEFORE_GIVING_UP) {
                givenUp++;
                LOG.error("Giving up on webhook delivery {} of incident {} {}: the receiver refused its body {} times in"
                        + " a row ({}); sending it again would not change that. The record stays on the topic (which,"
                        + " compacted, keeps each incident's latest event). topic=[{}] partition=[{}] offset=[{}]",
                        delivery.id(), incident.getIncidentId(), incident.getStatus(), refusals, outcome, record.topic(),
                        record.partition(), record.offset());
                onDelivered.accept(String.format("GAVE UP on %s %s %s (%s, %d times in a row; %s)", incident.getStatus(),
                        incident.getKind(), incident.getIncidentId(), outcome, refusals, delivery.id()));
                return true;
            }
            final Duration wait = backoff.after(attempt);
            LOG.warn("Webhook delivery {} of incident {} {} failed ({}), attempt {}; retrying in {} s", delivery.id(),
                    incident.getIncidentId(), incident.getStatus(), outcome, attempt, wait.toMillis() / 1000.0);
            if (!waitInGroup(wait, epoch)) {
                return false;
            }
        }
        return false;
    }

    /** Waits, polling with every partition paused so the group keeps us; false when a partition was taken meanwhile. */
    private boolean waitInGroup(final Duration wait, final long epoch) {
        final Set<TopicPartition> paused = new HashSet<>(consumer.assignment());
        consumer.pause(paused);
        try {
            final long until = System.nanoTime() + wait.toNanos();
            while (running.get() && System.nanoTime() < until) {
                final long left = Math.max(1, (until - System.nanoTime()) / 1_000_000);
                consumer.poll(Duration.ofMillis(Math.min(left, POLL.toMillis())));
                if (revocations != epoch) {
                    return false;
                }
            }
            return running.get();
        } finally {
            final Set<TopicPartition> still = new HashSet<>(consumer.assignment());
            still.retainAll(paused);
            consumer.resume(still);
        }
    }

    public Counts counts() {
        return new Counts(delivered, failedAttempts, passedOver, givenUp);
    }

    /** Makes {@link #run()} return soon; from any thread. */
    public void stop() {
        running.set(false);
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
