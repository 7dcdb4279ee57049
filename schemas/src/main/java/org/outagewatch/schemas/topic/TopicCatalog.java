package org.outagewatch.schemas.topic;

import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.DeadLetter;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.RouteUpdate;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.serde.SpecificAvroSerde;

/**
 * Every topic of outagewatch, built once from the registry settings and a {@link TopicLayout} (namespace,
 * partitions, retention). Keys are strings (entity ids such as {@code AS15399}, {@code PK} or
 * {@code AS17557/twitter.com}; prefixes for routing updates); values are Avro in Confluent's wire format.
 *
 * <pre>
 * topic               key                     value            layout     kept
 * probe-results       entity                  ProbeResult      delete     retention from ingestion (7d)
 * traffic-samples     entity                  TrafficSample    delete     retention from ingestion
 * atlas-connections   entity                  ConnectionEvent  delete     retention from ingestion
 * routing-updates     prefix                  RouteUpdate      delete     retention from ingestion
 * asn-metadata        ASN entity              AsnInfo          compacted  latest per key
 * signal-points       entity|signal           SignalPoint      delete     retention from ingestion
 * outage-alerts       entity|signal           OutageAlert      delete     retention from ingestion
 * incidents           incident id             Incident         compacted  latest per key
 * ingest-dead-letters origin                  DeadLetter       delete     retention from ingestion
 * </pre>
 * Every topic is created with {@code message.timestamp.type=LogAppendTime} ({@link Topic#configs()}): the event
 * time lives in the payload, so the broker's retention counts from ingestion and never deletes replayed history
 * on arrival. With a namespace every name is {@code <namespace>.<topic>}. probe-results and traffic-samples also
 * carry batches of events of one key ({@link EventBatches}).
 */
public record TopicCatalog(
        Topic<String, ProbeResult> probeResults,
        Topic<String, TrafficSample> trafficSamples,
        Topic<String, ConnectionEvent> atlasConnections,
        Topic<String, RouteUpdate> routingUpdates,
        Topic<String, AsnInfo> asnMetadata,
        Topic<String, SignalPoint> signalPoints,
        Topic<String, OutageAlert> outageAlerts,
        Topic<String, Incident> incidents,
        Topic<String, DeadLetter> deadLetters,
        EventBatches batches) {

    public static final int DEFAULT_PARTITIONS = 4;

    /**
     * Builds the catalog without a namespace and with the default retention.
     *
     * @param serdeConfigs the registry settings ({@code schema.registry.url}, auth, TLS, {@code auto.register.schemas})
     * @param partitions partitions of every topic but the compacted metadata topic
     */
    public static TopicCatalog create(final Map<String, ?> serdeConfigs, final int partitions) {
        return create(serdeConfigs, TopicLayout.of(partitions));
    }

    /**
     * Builds the catalog.
     *
     * @param serdeConfigs the registry settings ({@code schema.registry.url}, auth, TLS, {@code auto.register.schemas})
     * @param layout the namespace, the partitions of every topic but the compacted metadata topic, the retention
     */
    public static TopicCatalog create(final Map<String, ?> serdeConfigs, final TopicLayout layout) {
        final int partitions = layout.partitions();
        return new TopicCatalog(
                topic(layout, "probe-results", ProbeResult.class, serdeConfigs, partitions, false,
                        "Active measurements, keyed by the entity they inform."),
                topic(layout, "traffic-samples", TrafficSample.class, serdeConfigs, partitions, false,
                        "Traffic counters per ASN and interval."),
                topic(layout, "atlas-connections", ConnectionEvent.class, serdeConfigs, partitions, false,
                        "Measurement probes connecting and disconnecting."),
                topic(layout, "routing-updates", RouteUpdate.class, serdeConfigs, partitions, false,
                        "BGP announcements, withdrawals, RIB entries and peer state changes."),
                topic(layout, "asn-metadata", AsnInfo.class, serdeConfigs, 1, true,
                        "Name, country and region per ASN."),
                topic(layout, "signal-points", SignalPoint.class, serdeConfigs, partitions, false,
                        "One value per entity, signal and window."),
                topic(layout, "outage-alerts", OutageAlert.class, serdeConfigs, partitions, false,
                        "OPEN, UPDATE and RESOLVED alerts with their evidence."),
                topic(layout, "incidents", Incident.class, serdeConfigs, partitions, true,
                        "Fused, classified incidents, latest state per incident id."),
                topic(layout, "ingest-dead-letters", DeadLetter.class, serdeConfigs, partitions, false,
                        "Rejected input with its reason and origin."),
                EventBatches.create(serdeConfigs));
    }

    /** Every topic, in the order above. */
    public List<Topic<String, ?>> all() {
        return List.of(probeResults, trafficSamples, atlasConnections, routingUpdates, asnMetadata,
                signalPoints, outageAlerts, incidents, deadLetters);
    }

    private static <V extends SpecificRecord> Topic<String, V> topic(
            final TopicLayout layout, final String name, final Class<V> type, final Map<String, ?> serdeConfigs,
            final int partitions, final boolean compacted, final String doc) {
        final Serde<V> values = SpecificAvroSerde.forValues(type, serdeConfigs);
        return new Topic<>(layout.name(name), Serdes.String(), values, partitions, compacted,
                compacted ? Topic.FOREVER : layout.retentionMs(), doc);
    }
}
