package org.outagewatch.detector.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.outagewatch.detector.liveness.LivenessProcessor;
import org.outagewatch.detector.signals.FoldedSignal;
import org.outagewatch.detector.signals.ServiceFoldProcessor;

class RollupRuleTest {
    @Test
    void shouldSumVolumesAndWeighShares() {
        assertThat(RollupRule.of(FoldedSignal.TRAFFIC_VOLUME.id())).isEqualTo(RollupRule.SUM);
        assertThat(RollupRule.of(LivenessProcessor.SIGNAL)).isEqualTo(RollupRule.WEIGHTED_SHARE);
        assertThat(RollupRule.of(FoldedSignal.PROBE_REACHABLE.id())).isEqualTo(RollupRule.WEIGHTED_SHARE);
        assertThat(RollupRule.of(ServiceFoldProcessor.SIGNAL)).isEqualTo(RollupRule.WEIGHTED_SHARE);
    }

    @Test
    void shouldNotRollUpRoutingOrUnknownSignals() {
        assertThat(RollupRule.of("routing.visible-slash24")).isNull();
        assertThat(RollupRule.of("telescope.unique-sources")).isNull();
        assertThat(RollupRule.of(null)).isNull();
    }

    @Test
    void shouldGiveAZeroShareWithoutCoverage() {
        final CountryWindows windows = CountryWindows.decode(null);
        windows.window(0).add(RollupRule.WEIGHTED_SHARE, 0.0, 0, null);
        windows.window(0).add(RollupRule.WEIGHTED_SHARE, 0.0, 0, null);
        assertThat(windows.window(0).value(RollupRule.WEIGHTED_SHARE)).isZero();
        assertThat(windows.window(0).coverage()).isZero();
    }

    @Test
    void shouldParseOnlyAsnEntities() {
        assertThat(CountryEntity.parse("AS17557")).isEqualTo(new CountryEntity("AS17557", ""));
        assertThat(CountryEntity.parse("AS17557/twitter.com").in("PK")).isEqualTo("PK/twitter.com");
        assertThat(CountryEntity.parse("PK")).isNull();
        assertThat(CountryEntity.parse("PK/twitter.com")).isNull();
        assertThat(CountryEntity.parse("feed/traffic.volume")).isNull();
        assertThat(CountryEntity.parse("ASIA")).isNull();
        assertThat(CountryEntity.parse("AS")).isNull();
        assertThat(CountryEntity.parse("AS1/")).isNull();
    }
}
