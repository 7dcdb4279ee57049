package org.outagewatch.detector.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.outagewatch.detector.history.HistoryStores;
import org.outagewatch.detector.history.ScoredPoint;
import org.outagewatch.detector.topology.DetectorTopology;
import org.outagewatch.detector.topology.IncidentTopology;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.OutageAlert;

/**
 * Interactive queries on this instance's own stores (the partitions it hosts); {@link InstanceRouter} decides which
 * instance asks. A store that is not queryable now (a rebalance) throws
 * {@link org.apache.kafka.streams.errors.InvalidStateStoreException}, answered 503.
 */
public final class LocalQueries {
    private final KafkaStreams streams;

    public LocalQueries(final KafkaStreams streams) {
        this.streams = streams;
    }

    /** Every incident this instance holds (open, and ended within the retention). */
    public List<Incident> incidents() {
        final List<Incident> all = new ArrayList<>();
        try (KeyValueIterator<String, Incident> it = this.<Incident>keyValue(HistoryStores.INCIDENT_HISTORY).all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
    }

    public Incident incident(final String id) {
        return this.<Incident>keyValue(HistoryStores.INCIDENT_HISTORY).get(id);
    }

    /** The alerts of the series this instance holds, optionally of one entity and open or not. */
    public List<OutageAlert> alerts(final String entity, final Boolean open) {
        final ReadOnlyKeyValueStore<String, OutageAlert> store = keyValue(HistoryStores.ALERT_HISTORY);
        final List<OutageAlert> found = new ArrayList<>();
        try (KeyValueIterator<String, OutageAlert> it = entity == null ? store.all()
                : store.prefixScan(entity + "|", Serdes.String().serializer())) {
            while (it.hasNext()) {
                final OutageAlert alert = it.next().value;
                final boolean isOpen = alert.getStatus() != AlertStatus.RESOLVED;
                if (open == null || open == isOpen) {
                    found.add(alert);
                }
            }
        }
        return found;
    }

    /** The alerts of one series (its owner holds them all), oldest first. */
    public List<OutageAlert> seriesAlerts(final String series) {
        final List<OutageAlert> found = new ArrayList<>();
        try (KeyValueIterator<String, OutageAlert> it = this.<OutageAlert>keyValue(HistoryStores.ALERT_HISTORY)
                .prefixScan(series + "|", Serdes.String().serializer())) {
            it.forEachRemaining(kv -> found.add(kv.value));
        }
        found.sort(Comparator.comparing(OutageAlert::getStartedAt));
        return found;
    }

    /** The scored points of one series with window start in [from, to], oldest first. */
    public List<ScoredPoint> points(final String series, final long from, final long to) {
        final ReadOnlyWindowStore<String, ScoredPoint> store = streams.store(StoreQueryParameters.fromNameAndType(
                HistoryStores.SERIES_HISTORY, QueryableStoreTypes.windowStore()));
        final List<ScoredPoint> points = new ArrayList<>();
        try (WindowStoreIterator<ScoredPoint> it = store.fetch(series, Instant.ofEpochMilli(from),
                Instant.ofEpochMilli(to))) {
            it.forEachRemaining(kv -> points.add(kv.value));
        }
        return points;
    }

    /** The signals of an entity that this instance scores (the keys of its baseline models). */
    public List<String> signals(final String entity) {
        final TreeSet<String> signals = new TreeSet<>();
        final String prefix = entity + "|";
        try (KeyValueIterator<String, byte[]> it = this.<byte[]>keyValue(DetectorTopology.MODEL_STORE)
                .prefixScan(prefix, Serdes.String().serializer())) {
            it.forEachRemaining(kv -> signals.add(kv.key.substring(prefix.length())));
        }
        return List.copyOf(signals);
    }

    /**
     * Networks and countries from the asn-metadata table (a global store: every instance has all of it) whose id,
     * ASN, name or country matches the text (case-insensitive; null matches all), optionally in one country.
     */
    public List<Views.EntityView> entities(final String text, final String country, final int limit) {
        final String needle = text == null ? null : text.trim().toLowerCase(Locale.ROOT);
        final String asnNeedle = needle != null && needle.startsWith("as") ? needle.substring(2) : needle;
        final List<Views.EntityView> found = new ArrayList<>();
        final TreeSet<String> countries = new TreeSet<>();
        try (KeyValueIterator<String, AsnInfo> it = this.<AsnInfo>keyValue(IncidentTopology.ASN_STORE).all()) {
            while (it.hasNext()) {
                final KeyValue<String, AsnInfo> entry = it.next();
                final AsnInfo info = entry.value;
                if (info == null) {
                    continue;
                }
                final String cc = info.getCountry();
                if (country != null && !country.equalsIgnoreCase(cc)) {
                    continue;
                }
                if (cc != null && (needle == null || cc.equalsIgnoreCase(needle))) {
                    countries.add(cc.toUpperCase(Locale.ROOT));
                }
                if (needle == null || String.valueOf(info.getAsn()).equals(asnNeedle)
                        || info.getName().toLowerCase(Locale.ROOT).contains(needle)
                        || (cc != null && cc.equalsIgnoreCase(needle))) {
                    found.add(Views.network(info));
                }
            }
        }
        found.sort(Comparator.comparing(Views.EntityView::asn));
        final List<Views.EntityView> result = new ArrayList<>();
        countries.forEach(cc -> result.add(Views.country(cc)));
        result.addAll(found);
        return result.size() > limit ? List.copyOf(result.subList(0, limit)) : result;
    }

    /** The metadata of one network, or null. */
    public AsnInfo network(final String entity) {
        return this.<AsnInfo>keyValue(IncidentTopology.ASN_STORE).get(entity);
    }

    private <V> ReadOnlyKeyValueStore<String, V> keyValue(final String store) {
        return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()));
    }
}
