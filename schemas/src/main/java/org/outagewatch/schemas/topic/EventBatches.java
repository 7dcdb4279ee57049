package org.outagewatch.schemas.topic;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.ProbeResultBatch;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.TrafficSampleBatch;
import org.outagewatch.schemas.serde.RecordTypesDeserializer;
import org.outagewatch.schemas.serde.SpecificAvroSerializer;
import org.outagewatch.schemas.serde.WireFormat;

/**
 * The second record type of the two busiest input topics: {@code probe-results} and {@code traffic-samples} carry
 * single events ({@code ProbeResult}, {@code TrafficSample}, subject {@code <topic>-value}) and batches of events of
 * one key ({@code ProbeResultBatch}, {@code TrafficSampleBatch}, subject {@code <topic>-<record full name>},
 * Confluent's TopicRecordNameStrategy). Adapters write batches when events of one key arrive close together, so
 * that a consumer pays Kafka's per-record cost once for many events; a consumer reads both kinds with the input
 * deserializers here, which return the generated object of whichever type the record is.
 */
public record EventBatches(Serializer<ProbeResultBatch> probeBatches, Serializer<TrafficSampleBatch> trafficBatches,
                           Deserializer<Object> probeInput, Deserializer<Object> trafficInput) {

    /** The serializers and input deserializers for these registry settings. */
    public static EventBatches create(final Map<String, ?> serdeConfigs) {
        return new EventBatches(SpecificAvroSerializer.byRecordName(serdeConfigs),
                SpecificAvroSerializer.byRecordName(serdeConfigs),
                RecordTypesDeserializer.of(serdeConfigs, List.of(ProbeResult.class, ProbeResultBatch.class)),
                RecordTypesDeserializer.of(serdeConfigs, List.of(TrafficSample.class, TrafficSampleBatch.class)));
    }

    /** The subjects of the batch types on the catalog's topics, for their compatibility level. */
    public static List<String> subjects(final TopicCatalog catalog) {
        return List.of(
                WireFormat.recordSubject(catalog.probeResults().name(),
                        ProbeResultBatch.getClassSchema().getFullName()),
                WireFormat.recordSubject(catalog.trafficSamples().name(),
                        TrafficSampleBatch.getClassSchema().getFullName()));
    }
}
