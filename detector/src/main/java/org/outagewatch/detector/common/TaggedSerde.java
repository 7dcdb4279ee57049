package org.outagewatch.detector.common;

import java.util.Arrays;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of an internal topic that carries a closed set of value kinds: one tag byte naming the kind, then the
 * kind's own bytes (a record in the Confluent wire format under its catalog topic's subject, or an encoded marker).
 */
public final class TaggedSerde {
    /** How one value is written: its tag and its bytes. */
    public record Tagged(byte tag, byte[] body) {
    }

    private TaggedSerde() {
    }

    /** A serde writing {@code encode(value)} and reading back with {@code decode.apply(tag, body)}. */
    public static <T> Serde<T> of(final Function<T, Tagged> encode, final Decoder<T> decode) {
        final Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            final Tagged tagged = encode.apply(value);
            final byte[] bytes = new byte[tagged.body().length + 1];
            bytes[0] = tagged.tag();
            System.arraycopy(tagged.body(), 0, bytes, 1, tagged.body().length);
            return bytes;
        };
        final Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null || bytes.length == 0) {
                return null;
            }
            return decode.decode(topic, bytes[0], Arrays.copyOfRange(bytes, 1, bytes.length));
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** Reads a value of the kind {@code tag}; throws on an unknown tag. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(String topic, byte tag, byte[] body);
    }
}
