package org.outagewatch.detector.rollup;

import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.outagewatch.detector.common.Progress;
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
        final Serializer<RollupInput> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            final byte[] body;
            final byte tag;
            if (value instanceof Point p) {
                body = points.serializer().serialize(pointsTopic, p.point());
                tag = 'P';
            } else {
                body = ((Mark) value).progress().encode();
                tag = 'M';
            }
            final byte[] bytes = new byte[body.length + 1];
            bytes[0] = tag;
            System.arraycopy(body, 0, bytes, 1, body.length);
            return bytes;
        };
        final Deserializer<RollupInput> deserializer = (topic, bytes) -> {
            if (bytes == null || bytes.length == 0) {
                return null;
            }
            final byte[] body = Arrays.copyOfRange(bytes, 1, bytes.length);
            return switch (bytes[0]) {
                case 'P' -> new Point(points.deserializer().deserialize(pointsTopic, body));
                case 'M' -> new Mark(Progress.decode(body));
                default -> throw new IllegalArgumentException("Unknown rollup input tag " + bytes[0] + " on " + topic);
            };
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
