package org.outagewatch.detector.common;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.ProbeResultBatch;
import org.outagewatch.schemas.RouteUpdate;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.TrafficSampleBatch;

/**
 * The detector's {@code default.timestamp.extractor}: a record's event time is read from its payload, never from
 * its Kafka timestamp, because our topics are created with {@code message.timestamp.type=LogAppendTime} (the broker
 * stamps ingestion time, so its retention never deletes replayed history on arrival). Each value type has one event
 * time, the time its writers have always stamped it with:
 * <pre>
 * ProbeResult      measuredAt        TrafficSample  intervalStart
 * ConnectionEvent  occurredAt        RouteUpdate    observedAt
 * SignalPoint      windowStart       OutageAlert    windowEnd
 * Incident         endedAt, else startedAt (the detector does not read incidents)
 * ProbeResultBatch, TrafficSampleBatch: the time of their first event
 * </pre>
 * Anything else (the records of Streams' own repartition topics, whose values are internal types and whose
 * timestamps Streams wrote itself as event times; {@code AsnInfo}; a null value) keeps its record timestamp.
 */
public final class EventTimeExtractor implements TimestampExtractor {
    @Override
    public long extract(final ConsumerRecord<Object, Object> record, final long partitionTime) {
        final Object value = record.value();
        if (value instanceof ProbeResultBatch batch && !batch.getResults().isEmpty()) {
            return batch.getResults().get(0).getMeasuredAt().toEpochMilli();
        } else if (value instanceof TrafficSampleBatch batch && !batch.getSamples().isEmpty()) {
            return batch.getSamples().get(0).getIntervalStart().toEpochMilli();
        } else if (value instanceof ProbeResult probe) {
            return probe.getMeasuredAt().toEpochMilli();
        } else if (value instanceof TrafficSample sample) {
            return sample.getIntervalStart().toEpochMilli();
        } else if (value instanceof SignalPoint point) {
            return point.getWindowStart().toEpochMilli();
        } else if (value instanceof ConnectionEvent event) {
            return event.getOccurredAt().toEpochMilli();
        } else if (value instanceof RouteUpdate update) {
            return update.getObservedAt().toEpochMilli();
        } else if (value instanceof OutageAlert alert) {
            return alert.getWindowEnd().toEpochMilli();
        } else if (value instanceof Incident incident) {
            return (incident.getEndedAt() != null ? incident.getEndedAt() : incident.getStartedAt()).toEpochMilli();
        }
        return record.timestamp();
    }
}
