package org.outagewatch.detector.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongKeyTableTest {
    @Test
    void shouldAgreeWithAHashMapOverRandomPutsAndRemovals() {
        final LongKeyTable<Long> table = new LongKeyTable<>();
        final Map<Long, Long> expected = new HashMap<>();
        final Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            // a small key space so that removals hit and probe chains wrap
            final long key = random.nextInt(5_000) * 256L + random.nextInt(33);
            if (random.nextInt(3) == 0) {
                table.remove(key);
                expected.remove(key);
            } else {
                table.put(key, (long) i);
                expected.put(key, (long) i);
            }
        }
        assertThat(table.size()).isEqualTo(expected.size());
        expected.forEach((key, value) -> assertThat(table.get(key)).isEqualTo(value));
        final Map<Long, Long> seen = new HashMap<>();
        table.forEach((value, key) -> seen.put(key, value));
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void shouldKeepIpv4PrefixesAsKeysAndGiveTheirTextBack() {
        final long key = Ipv4Keys.of("198.51.100.0/22");
        assertThat(Ipv4Keys.text(key)).isEqualTo("198.51.100.0/22");
        assertThat(Ipv4Keys.units(key)).isEqualTo(4);
        assertThat(Ipv4Keys.of("010.0.0.0/8")).isEqualTo(Ipv4Keys.of("10.0.0.0/8"));
        assertThat(Ipv4Keys.of("10.0.0/8")).isEqualTo(Ipv4Keys.NONE);
        assertThat(Ipv4Keys.of("10.0.0.256/8")).isEqualTo(Ipv4Keys.NONE);
        assertThat(Ipv4Keys.of("10.0.0.0")).isEqualTo(Ipv4Keys.NONE);
        assertThat(Ipv4Keys.of("10.0.0.0/40")).isEqualTo(Ipv4Keys.NONE);
    }
}
