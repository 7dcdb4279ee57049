package org.outagewatch.detector.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrefixesTest {
    @Test
    void shouldCountSlash24sOfIpv4PrefixesUpToSlash24() {
        assertThat(Prefixes.units("198.51.0.0/16")).isEqualTo(256);
        assertThat(Prefixes.units("192.0.2.0/24")).isEqualTo(1);
        assertThat(Prefixes.units("192.0.2.128/25")).isZero();
        assertThat(Prefixes.units("0.0.0.0/0")).isEqualTo(1L << 24);
    }

    @Test
    void shouldCountSlash48sOfIpv6PrefixesUpToSlash48() {
        assertThat(Prefixes.units("2001:db8::/32")).isEqualTo(65_536);
        assertThat(Prefixes.units("2001:db8:1::/48")).isEqualTo(1);
        assertThat(Prefixes.units("2001:db8:1:1::/64")).isZero();
    }

    @Test
    void shouldRejectMalformedPrefixes() {
        assertThat(Prefixes.length("192.0.2.0")).isEqualTo(-1);
        assertThat(Prefixes.length("192.0.2.0/33")).isEqualTo(-1);
        assertThat(Prefixes.length("192.0.2.0/2x")).isEqualTo(-1);
        assertThat(Prefixes.length("2001:db8::/129")).isEqualTo(-1);
        assertThat(Prefixes.units("192.0.2.0/")).isZero();
    }
}
