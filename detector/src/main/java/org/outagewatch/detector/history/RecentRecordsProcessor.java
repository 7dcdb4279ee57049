package org.outagewatch.detector.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest state of every alert (or incident) by its id for the API, open ones for as long as they are
 * open and ended ones for {@code retention} after their end in event time: a stream-time punctuation every
 * {@link #SWEEP_INTERVAL} deletes those that ended earlier. Terminal: forwards nothing.
 *
 * @param <V> the record (OutageAlert, Incident)
 */
public final class RecentRecordsProcessor<V> implements Processor<String, V, Void, Void> {
    /** How often (in stream time) ended records past their retention are deleted. */
    public static final Duration SWEEP_INTERVAL = Duration.ofHours(1);
    /** What {@code endOf} returns for a record that has not ended. */
    public static final long OPEN = Long.MAX_VALUE;

    private final String storeName;
    private final Duration retention;
    private final Function<V, String> idOf;
    private final ToLongFunction<V> endOf;
    private KeyValueStore<String, V> store;

    /**
     * @param idOf  the record's id (the store key)
     * @param endOf the record's end in epoch millis, or {@link #OPEN}
     */
    public RecentRecordsProcessor(final String storeName, final Duration retention,
                                  final Function<V, String> idOf, final ToLongFunction<V> endOf) {
        this.storeName = storeName;
        this.retention = retention;
        this.idOf = idOf;
        this.endOf = endOf;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(storeName);
        context.schedule(SWEEP_INTERVAL, PunctuationType.STREAM_TIME, this::sweep);
    }

    @Override
    public void process(final Record<String, V> record) {
        if (record.value() != null) {
            store.put(idOf.apply(record.value()), record.value());
        }
    }

    /** Deletes the records that ended more than the retention before this stream time. */
    void sweep(final long streamTime) {
        final long horizon = streamTime - retention.toMillis();
        final List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, V> all = store.all()) {
            while (all.hasNext()) {
                final KeyValue<String, V> entry = all.next();
                final long end = endOf.applyAsLong(entry.value);
                if (end != OPEN && end < horizon) {
                    expired.add(entry.key);
                }
            }
        }
        expired.forEach(store::delete);
    }
}
