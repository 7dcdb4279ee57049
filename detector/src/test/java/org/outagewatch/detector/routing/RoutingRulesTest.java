package org.outagewatch.detector.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.schemas.config.Settings;

class RoutingRulesTest {
    @Test
    void shouldReadTheRoutingSettingsWithIodasDefaults() {
        assertThat(DetectorSettings.defaults().routing()).isEqualTo(RoutingRules.DEFAULTS);
        assertThat(RoutingRules.DEFAULTS).isEqualTo(new RoutingRules(400_000, 10_000, 0.5));
        final DetectorSettings settings = DetectorSettings.from(Settings.of(Map.of(
                DetectorSettings.PREFIX + "routing-full-feed-ipv4", "40",
                DetectorSettings.PREFIX + "routing-full-feed-ipv6", "4",
                DetectorSettings.PREFIX + "routing-visible-share", "0.75")));
        assertThat(settings.routing()).isEqualTo(new RoutingRules(40, 4, 0.75));
    }

    @Test
    void shouldCallAPeerFullFeedAboveEitherThresholdAndAPrefixVisibleAboveTheShare() {
        final RoutingRules rules = new RoutingRules(10, 2, 0.5);
        assertThat(rules.fullFeed(10, 2)).isFalse();
        assertThat(rules.fullFeed(11, 0)).isTrue();
        assertThat(rules.fullFeed(0, 3)).isTrue();
        assertThat(rules.visible(2, 4)).isFalse();
        assertThat(rules.visible(3, 4)).isTrue();
        assertThat(rules.visible(0, 0)).isFalse();
    }

    @Test
    void shouldRejectAShareOutsideZeroToOne() {
        assertThatThrownBy(() -> DetectorSettings.from(Settings.of(Map.of(
                DetectorSettings.PREFIX + "routing-visible-share", "1.5"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("visible share");
    }
}
