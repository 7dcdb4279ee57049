package org.outagewatch.detector.incident;

import org.apache.kafka.common.serialization.Serde;
import org.outagewatch.detector.common.TaggedSerde;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.SignalPoint;

/**
 * What stage 3's single fusion partition carries: a signal point (for the denominators), an alert, or a stage-2
 * task's progress marker. On the wire a tag byte ({@code P}, {@code A} or {@code M}) and then the record in the
 * Confluent wire format under the subject of its own catalog topic (so the repartition topic adds no subject to the
 * registry), or the encoded marker.
 */
public sealed interface FusionInput {
    /** A signal point, read from {@code signal-points}. */
    record Point(SignalPoint point) implements FusionInput {
    }

    /** An alert, read from {@code outage-alerts}. */
    record Alert(OutageAlert alert) implements FusionInput {
    }

    /** A stage-2 task's progress: every point and alert of its partition through {@code closedThrough} is in. */
    record Mark(org.outagewatch.detector.common.Progress progress) implements FusionInput {
    }

    /** The serde of the fusion repartition topic. */
    static Serde<FusionInput> serde(final Serde<SignalPoint> points, final String pointsTopic,
                                    final Serde<OutageAlert> alerts, final String alertsTopic) {
        return TaggedSerde.of(value -> {
            if (value instanceof Point p) {
                return new TaggedSerde.Tagged((byte) 'P', points.serializer().serialize(pointsTopic, p.point()));
            } else if (value instanceof Alert a) {
                return new TaggedSerde.Tagged((byte) 'A', alerts.serializer().serialize(alertsTopic, a.alert()));
            }
            return new TaggedSerde.Tagged((byte) 'M', ((Mark) value).progress().encode());
        }, (topic, tag, body) -> switch (tag) {
            case 'P' -> new Point(points.deserializer().deserialize(pointsTopic, body));
            case 'A' -> new Alert(alerts.deserializer().deserialize(alertsTopic, body));
            case 'M' -> new Mark(org.outagewatch.detector.common.Progress.decode(body));
            default -> throw new IllegalArgumentException("Unknown fusion input tag " + tag + " on " + topic);
        });
    }
}
