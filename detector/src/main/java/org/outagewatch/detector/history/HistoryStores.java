package org.outagewatch.detector.history;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentStatus;
import org.outagewatch.schemas.OutageAlert;

/**
 * The stores the API reads beside the detector's own: a bounded history of each series' scored points, and the
 * recent alerts and incidents by id. All logged (their changelogs are
 * {@code <application.id>-<store>-changelog}), all kept for {@link #RETENTION} of event time.
 *
 * <pre>
 * store            key                       value         where (task)
 * series-history   entity|signal @ window    ScoredPoint   stage 2, by series (persistent window store)
 * alert-history    alert id                  OutageAlert   stage 2, by series (entity|signal)
 * incident-history incident id               Incident      stage 3, the one fusion partition (key "all")
 * </pre>
 */
public final class HistoryStores {
    public static final String SERIES_HISTORY = "series-history";
    public static final String ALERT_HISTORY = "alert-history";
    public static final String INCIDENT_HISTORY = "incident-history";
    /** The processors that fill them. */
    public static final String SERIES_RECORDER = "series-history-recorder";
    public static final String ALERT_RECORDER = "alert-history-recorder";
    public static final String INCIDENT_RECORDER = "incident-history-recorder";
    /** How long points, and ended alerts and incidents, are kept (event time). */
    public static final Duration RETENTION = Duration.ofDays(7);

    private HistoryStores() {
    }

    /**
     * The series history: a RocksDB window store (7 days of 5-minute points is 2,016 points of
     * {@value ScoredPoint#SIZE} bytes per series, too much to hold in memory for every network).
     *
     * <p>Its changelog is stamped {@code LogAppendTime}: Streams creates a window store's changelog with time
     * retention (7 days plus a day), and records stamped with their event time, as Streams stamps them, would be
     * deleted by the broker as soon as a replay of older history wrote them, leaving a standby or a restore on an
     * empty state directory without the history. A restore reads a point's time from its key, not the stamp.
     */
    public static StoreBuilder<WindowStore<String, ScoredPoint>> seriesHistory(final Duration windowSize) {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(SERIES_HISTORY, RETENTION, windowSize, false),
                Serdes.String(), ScoredPoint.serde()).withLoggingEnabled(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                TimestampType.LOG_APPEND_TIME.name));
    }

    public static StoreBuilder<KeyValueStore<String, OutageAlert>> alertHistory(final Serde<OutageAlert> values) {
        return keyValue(ALERT_HISTORY, values);
    }

    public static StoreBuilder<KeyValueStore<String, Incident>> incidentHistory(final Serde<Incident> values) {
        return keyValue(INCIDENT_HISTORY, values);
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> keyValue(final String name, final Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withLoggingEnabled(Map.of());
    }

    /** An alert's end for {@link RecentRecordsProcessor}. */
    public static long endOf(final OutageAlert alert) {
        return alert.getStatus() == AlertStatus.RESOLVED && alert.getEndedAt() != null
                ? alert.getEndedAt().toEpochMilli() : RecentRecordsProcessor.OPEN;
    }

    /** An incident's end for {@link RecentRecordsProcessor}. */
    public static long endOf(final Incident incident) {
        return incident.getStatus() == IncidentStatus.RESOLVED && incident.getEndedAt() != null
                ? incident.getEndedAt().toEpochMilli() : RecentRecordsProcessor.OPEN;
    }
}
