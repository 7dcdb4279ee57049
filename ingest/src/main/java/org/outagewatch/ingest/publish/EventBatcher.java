package org.outagewatch.ingest.publish;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.avro.io.BinaryData;
import org.outagewatch.schemas.serde.WireFormat;

/**
 * Holds the serialized events of each key of a batched topic until {@link BatchPolicy} says to send them, and then
 * hands them on as one {@link Batch}. Pending batches are kept in the order they were opened; a batch is due when it
 * is full, when its first event has waited the linger, or when the newest event time seen is past its first event by
 * the policy's span. Thread-safe: {@link EventPublisher} adds from its caller's thread and expires from a timer.
 */
final class EventBatcher {
    private final BatchPolicy policy;
    private final LongSupplier nanoClock;
    private final Consumer<Batch> out;
    private final Map<TopicKey, Batch> pending = new LinkedHashMap<>();
    private long newestEventTime = Long.MIN_VALUE;

    EventBatcher(final BatchPolicy policy, final LongSupplier nanoClock, final Consumer<Batch> out) {
        this.policy = policy;
        this.nanoClock = nanoClock;
        this.out = out;
    }

    /** A topic and key: events of one key on one topic share a batch. */
    record TopicKey(String topic, String key) {
    }

    /** The events of one key, each in Confluent wire format of its single-event schema, in the order added. */
    static final class Batch {
        final TopicKey topicKey;
        final byte[] keyBytes;
        final Object first;
        final long firstEventTime;
        final long openedNanos;
        final List<byte[]> values = new ArrayList<>();

        Batch(final TopicKey topicKey, final byte[] keyBytes, final Object first, final long firstEventTime,
              final long openedNanos) {
            this.topicKey = topicKey;
            this.keyBytes = keyBytes;
            this.first = first;
            this.firstEventTime = firstEventTime;
            this.openedNanos = openedNanos;
        }

        int size() {
            return values.size();
        }

        /**
         * The batch record's value: the batch schema's id, then the Avro body of a record whose only field is an
         * array of the events (an array is its block count, the items, and a zero count), the items being the
         * events' own bodies.
         */
        byte[] encode(final int batchSchemaId) {
            final ByteArrayOutputStream body = new ByteArrayOutputStream(values.size() * 80 + 16);
            body.write(WireFormat.MAGIC_BYTE);
            body.write(batchSchemaId >>> 24);
            body.write(batchSchemaId >>> 16);
            body.write(batchSchemaId >>> 8);
            body.write(batchSchemaId);
            final byte[] count = new byte[10];
            body.write(count, 0, BinaryData.encodeLong(values.size(), count, 0));
            for (final byte[] value : values) {
                body.write(value, WireFormat.HEADER_SIZE, value.length - WireFormat.HEADER_SIZE);
            }
            body.write(0);
            return body.toByteArray();
        }
    }

    /** Adds one event; sends the batches this makes due. */
    synchronized void add(final String topic, final String key, final byte[] keyBytes, final Object value,
                          final byte[] valueBytes, final long eventTime) {
        final TopicKey topicKey = new TopicKey(topic, key);
        Batch batch = pending.get(topicKey);
        if (batch == null) {
            batch = new Batch(topicKey, keyBytes, value, eventTime, nanoClock.getAsLong());
            pending.put(topicKey, batch);
        }
        batch.values.add(valueBytes);
        if (eventTime > newestEventTime) {
            newestEventTime = eventTime;
        }
        if (batch.size() >= policy.maxEvents()) {
            pending.remove(topicKey);
            out.accept(batch);
        }
        expire();
    }

    /** Sends every batch that is due by the linger or the span, oldest first. */
    synchronized void expire() {
        final long now = nanoClock.getAsLong();
        final long lingerNanos = policy.linger().toNanos();
        final long spanMillis = policy.maxSpan().toMillis();
        final Iterator<Batch> it = pending.values().iterator();
        while (it.hasNext()) {
            final Batch batch = it.next();
            final boolean lingered = now - batch.openedNanos >= lingerNanos;
            final boolean spanned = newestEventTime - batch.firstEventTime >= spanMillis;
            if (!lingered && !spanned) {
                return;
            }
            it.remove();
            out.accept(batch);
        }
    }

    /** Sends every pending batch, oldest first. */
    synchronized void drain() {
        final List<Batch> all = new ArrayList<>(pending.values());
        pending.clear();
        all.forEach(out);
    }

    synchronized int pendingBatches() {
        return pending.size();
    }
}
