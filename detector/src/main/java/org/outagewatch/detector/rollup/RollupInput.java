package org.outagewatch.detector.rollup;

import org.apache.kafka.common.serialization.Serde;
import org.outagewatch.detector.common.Progress;
import org.outagewatch.detector.common.TaggedSerde;
import org.outagewatch.schemas.SignalPoint;

/**
 * What the {@code country-rollup} repartition topic carries: an ASN point re-keyed to its country, or the progress
 * of a stage-2 task (how far the points of one writer group are complete on the signal-points partition it reads),
 * sent to every partition. On the wire a tag byte ({@code P} or {@code M}), then the point in the Confluent wire
 * format under the signal-points subject (so the topic adds no subject to the registry), or the encoded marker.
 */
public sealed interface RollupInput {
    /** An ASN point, its entity already the country's. */
    record Point(SignalPoint point) implements RollupInput {
    }

    /** A stage-2 task's progress for one writer group. */
    record Mark(Progress progress) implements RollupInput {
    }

    /** The serde of the rollup repartition topic. */
    static Serde<RollupInput> serde(final Serde<SignalPoint> points, final String pointsTopic) {
        return TaggedSerde.of(value -> value instanceof Point p
                        ? new TaggedSerde.Tagged((byte) 'P', points.serializer().serialize(pointsTopic, p.point()))
                        : new TaggedSerde.Tagged((byte) 'M', ((Mark) value).progress().encode()),
                (topic, tag, body) -> switch (tag) {
                    case 'P' -> new Point(points.deserializer().deserialize(pointsTopic, body));
                    case 'M' -> new Mark(Progress.decode(body));
                    default -> throw new IllegalArgumentException("Unknown rollup input tag " + tag + " on " + topic);
                });
    }
}
