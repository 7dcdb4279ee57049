package org.outagewatch.detector.incident;

import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
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
        final Serializer<FusionInput> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            final byte[] body;
            final byte tag;
            if (value instanceof Point p) {
                body = points.serializer().serialize(pointsTopic, p.point());
                tag = 'P';
            } else if (value instanceof Alert a) {
                body = alerts.serializer().serialize(alertsTopic, a.alert());
                tag = 'A';
            } else {
                body = ((Mark) value).progress().encode();
                tag = 'M';
            }
            final byte[] bytes = new byte[body.length + 1];
            bytes[0] = tag;
            System.arraycopy(body, 0, bytes, 1, body.length);
            return bytes;
        };
        final Deserializer<FusionInput> deserializer = (topic, bytes) -> {
            if (bytes == null || bytes.length == 0) {
                return null;
            }
            final byte[] body = Arrays.copyOfRange(bytes, 1, bytes.length);
            return switch (bytes[0]) {
                case 'P' -> new Point(points.deserializer().deserialize(pointsTopic, body));
                case 'A' -> new Alert(alerts.deserializer().deserialize(alertsTopic, body));
                case 'M' -> new Mark(org.outagewatch.detector.common.Progress.decode(body));
                default -> throw new IllegalArgumentException("Unknown fusion input tag " + bytes[0] + " on " + topic);
            };
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
