package org.outagewatch.detector.routing;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.outagewatch.detector.common.ProcessorMetrics;
import org.outagewatch.detector.common.ProgressEmitter;
import org.outagewatch.detector.common.ProgressRules;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.RouteUpdate;
import org.outagewatch.schemas.SignalPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing visibility: consumes every {@link RouteUpdate} (in one task, see {@link RoutingTopology}), keeps a
 * {@link RoutingTable} and produces, per window of {@code windowMillis} and origin ASN, one {@link SignalPoint}
 * {@code AS<origin>|routing.visible-slash24} (and {@code |routing.visible-slash48} for IPv6): value = the visible
 * /24s (/48s) at the window's end, coverage = the full-feed peers at that moment; and the same per country
 * ({@code DE|routing.visible-slash24}), the sum over the origins whose {@code asn-metadata} names that country
 * (read from the global store {@code asnStore} at each window's end; origins without a country count for none).
 *
 * <ul>
 *   <li>ANNOUNCE and RIB set the peer's route to the prefix (and its origin), WITHDRAW clears it, PEER_DOWN clears
 *       every route of that peer (collector and address), PEER_UP changes nothing until routes arrive.</li>
 *   <li>Windows close by stream time (the largest {@code observedAt} seen): a record at or after a window's end
 *       emits that window from the state before the record. Routing is a state, not a count, so a late record
 *       still updates the state (it is counted and logged at WARN; the windows already emitted stay as they are).</li>
 *   <li>An origin (or country) that had visibility and lost it gets zero points (coverage = full-feed peers) for the active
 *       horizon after its last visible window, then is forgotten.</li>
 *   <li>The table is kept in the store {@code stateStore} (key {@code p|<prefix>} -> origin and peer bitset,
 *       {@code i|<collector>|<address>} -> peer index, {@code clock} -> next window end) and rebuilt from it on
 *       start; the record of lost origins is not kept, so their zero points stop at a restart.</li>
 * </ul>
 */
public final class VisibilityProcessor implements Processor<String, RouteUpdate, String, SignalPoint> {
    private static final Logger LOG = LoggerFactory.getLogger(VisibilityProcessor.class);
    public static final String LATE_RECORDS = "routing-late-records";
    /** The writer group of this processor's progress markers (one task). */
    public static final String PROGRESS_GROUP = "routing-visibility";
    public static final String SKIPPED_RECORDS = "routing-skipped-records";
    private static final String PREFIX_KEY = "p|";
    private static final String PEER_KEY = "i|";
    private static final String CLOCK_KEY = "clock";
    private static final long NONE = Long.MIN_VALUE;

    private final String stateStore;
    private final RoutingRules rules;
    private final long windowMillis;
    private final long horizonMillis;
    private final String asnStore;
    /** entity -> end of the last window with something visible, {IPv4, IPv6}; NONE when not followed. */
    private final Map<String, long[]> lastVisible = new HashMap<>();
    private KeyValueStore<String, ValueAndTimestamp<AsnInfo>> places;
    private ProcessorContext<String, SignalPoint> context;
    private KeyValueStore<String, byte[]> store;
    private RoutingTable table;
    private Sensor lateSensor;
    private Sensor skippedSensor;
    private long nextEnd = NONE;
    private final ProgressEmitter progress;

    public VisibilityProcessor(final String stateStore, final String asnStore, final RoutingRules rules,
                               final long windowMillis, final long horizonMillis, final ProgressRules progressRules) {
        if (windowMillis <= 0 || horizonMillis < 0) {
            throw new IllegalArgumentException("window must be > 0 and horizon >= 0");
        }
        this.stateStore = stateStore;
        this.asnStore = asnStore;
        this.rules = rules;
        this.windowMillis = windowMillis;
        this.horizonMillis = horizonMillis;
        this.progress = new ProgressEmitter(PROGRESS_GROUP, 1, progressRules);
    }

    @Override
    public void init(final ProcessorContext<String, SignalPoint> processorContext) {
        this.context = processorContext;
        this.store = processorContext.getStateStore(stateStore);
        this.places = processorContext.getStateStore(asnStore);
        this.lateSensor = ProcessorMetrics.counter(processorContext, LATE_RECORDS);
        this.skippedSensor = ProcessorMetrics.counter(processorContext, SKIPPED_RECORDS);
        this.table = new RoutingTable(rules, new StoreJournal());
        load();
        progress.init(processorContext, emittedThrough(), marker -> processorContext.forward(
                new Record<>(marker.key(), marker.toPoint(), marker.closedThrough())));
    }

    /** The end of the last window emitted, or NONE. */
    private long emittedThrough() {
        return nextEnd == NONE ? NONE : nextEnd - windowMillis;
    }

    private void load() {
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                final KeyValue<String, byte[]> entry = all.next();
                if (entry.key.startsWith(PEER_KEY)) {
                    table.restorePeer(entry.key.substring(PEER_KEY.length()), ByteBuffer.wrap(entry.value).getInt());
                }
            }
        }
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                final KeyValue<String, byte[]> entry = all.next();
                if (entry.key.startsWith(PREFIX_KEY)) {
                    table.restorePrefix(entry.key.substring(PREFIX_KEY.length()), entry.value);
                } else if (entry.key.equals(CLOCK_KEY)) {
                    nextEnd = ByteBuffer.wrap(entry.value).getLong();
                }
            }
        }
        table.finishRestore();
        // origins visible at the restart are followed again, so that a loss after it still gets its zero points
        for (final Map.Entry<String, long[]> entry : visibleByEntity().entrySet()) {
            lastVisible.put(entry.getKey(), new long[] {
                entry.getValue()[0] > 0 ? nextEnd : NONE, entry.getValue()[1] > 0 ? nextEnd : NONE});
        }
    }

    @Override
    public void process(final Record<String, RouteUpdate> record) {
        progress.onRecord();
        apply(record);
        progress.closed(emittedThrough());
    }

    private void apply(final Record<String, RouteUpdate> record) {
        final RouteUpdate update = record.value();
        if (update == null) {
            skip("null value");
            return;
        }
        final long time = update.getObservedAt().toEpochMilli();
        advance(time);
        if (time < nextEnd - windowMillis) {
            lateSensor.record();
            warn("late update at " + update.getObservedAt() + " for " + record.key() + ", windows emitted through "
                    + Instant.ofEpochMilli(nextEnd - windowMillis) + "; state updated, emitted points unchanged");
        }
        final String peer = update.getCollector() + "|" + update.getPeerAddress();
        final String prefix = update.getPrefix();
        switch (update.getType()) {
            case ANNOUNCE, RIB -> {
                if (valid(prefix)) {
                    table.announce(peer, prefix, update.getOriginAsn());
                }
            }
            case WITHDRAW -> {
                if (valid(prefix)) {
                    table.withdraw(peer, prefix);
                }
            }
            case PEER_DOWN -> table.peerDown(peer);
            case PEER_UP -> {
                // a session that comes up routes nothing until its routes arrive
            }
        }
    }

    private boolean valid(final String prefix) {
        if (prefix == null || Prefixes.length(prefix) < 0) {
            skip("no valid prefix: " + prefix);
            return false;
        }
        return true;
    }

    /** Emits every window that ends at or before {@code time}, from the state before the record at {@code time}. */
    private void advance(final long time) {
        if (nextEnd == NONE) {
            nextEnd = time - Math.floorMod(time, windowMillis) + windowMillis;
            store.put(CLOCK_KEY, ByteBuffer.allocate(Long.BYTES).putLong(nextEnd).array());
            return;
        }
        if (time < nextEnd) {
            return;
        }
        while (time >= nextEnd) {
            emitWindow(nextEnd);
            nextEnd += windowMillis;
        }
        store.put(CLOCK_KEY, ByteBuffer.allocate(Long.BYTES).putLong(nextEnd).array());
    }

    /** Visible /24s and /48s per entity: every origin ({@code AS<origin>}) and every country of an origin. */
    private Map<String, long[]> visibleByEntity() {
        final Map<String, long[]> entities = new HashMap<>();
        for (final Map.Entry<Long, long[]> entry : table.visibleByOrigin().entrySet()) {
            final String asn = "AS" + entry.getKey();
            entities.put(asn, entry.getValue());
            final ValueAndTimestamp<AsnInfo> place = places.get(asn);
            final String country = place == null || place.value() == null ? null : place.value().getCountry();
            if (country != null && !country.isBlank()) {
                final long[] sum = entities.computeIfAbsent(country, c -> new long[2]);
                sum[0] += entry.getValue()[0];
                sum[1] += entry.getValue()[1];
            }
        }
        return entities;
    }

    private void emitWindow(final long end) {
        final Map<String, long[]> visible = visibleByEntity();
        final long coverage = table.fullFeedPeers();
        for (final Map.Entry<String, long[]> entry : visible.entrySet()) {
            final long[] last = lastVisible.computeIfAbsent(entry.getKey(), o -> new long[] {NONE, NONE});
            for (int family = 0; family < 2; family++) {
                if (entry.getValue()[family] > 0) {
                    emit(entry.getKey(), family, end, entry.getValue()[family], coverage);
                    last[family] = end;
                }
            }
        }
        final Iterator<Map.Entry<String, long[]>> it = lastVisible.entrySet().iterator();
        while (it.hasNext()) {
            final Map.Entry<String, long[]> entry = it.next();
            final long[] last = entry.getValue();
            for (int family = 0; family < 2; family++) {
                if (last[family] == NONE || last[family] == end) {
                    continue;
                }
                if (end - last[family] <= horizonMillis) {
                    emit(entry.getKey(), family, end, 0.0, coverage);
                } else {
                    last[family] = NONE;
                }
            }
            if (last[0] == NONE && last[1] == NONE) {
                it.remove();
            }
        }
    }

    private void emit(final String entity, final int family, final long end, final double value, final long coverage) {
        final String signal = family == 0 ? Prefixes.IPV4_SIGNAL : Prefixes.IPV6_SIGNAL;
        final long start = end - windowMillis;
        final SignalPoint point = SignalPoint.newBuilder()
                .setEntity(entity)
                .setSignal(signal)
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(end))
                .setValue(value)
                .setCoverage(coverage)
                .build();
        context.forward(new Record<>(entity + "|" + signal, point, start));
    }

    private void skip(final String reason) {
        skippedSensor.record();
        if (LOG.isDebugEnabled()) {
            LOG.debug("Skipping route update: {}. {}", reason, ProcessorMetrics.origin(context));
        }
    }

    private void warn(final String reason) {
        LOG.warn("Route update: {}. {}", reason, ProcessorMetrics.origin(context));
    }

    /** Writes the table's changes to the store. */
    private final class StoreJournal implements RoutingTable.Journal {
        @Override
        public void prefix(final String prefix, final byte[] encoded) {
            if (encoded == null) {
                store.delete(PREFIX_KEY + prefix);
            } else {
                store.put(PREFIX_KEY + prefix, encoded);
            }
        }

        @Override
        public void peer(final String peer, final int index) {
            store.put(PEER_KEY + peer, ByteBuffer.allocate(Integer.BYTES).putInt(index).array());
        }
    }
}
