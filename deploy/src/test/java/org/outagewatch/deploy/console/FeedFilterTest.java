package org.outagewatch.deploy.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.outagewatch.deploy.console.Fixtures.alert;
import static org.outagewatch.deploy.console.Fixtures.blocking;
import static org.outagewatch.deploy.console.Fixtures.networkOutage;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.AlertSeverity;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.IncidentKind;
import org.outagewatch.schemas.IncidentStatus;

class FeedFilterTest {
    private static final Map<Long, String> ASN_COUNTRIES = Map.of(17557L, "PK", 3320L, "DE");

    @Test
    void shouldMatchAnEntityItsServicesAndIncidentsWithItInScope() {
        final FeedFilter filter = new FeedFilter("AS17557", null, Set.of(), 0, Map.of());

        assertThat(filter.test(alert("AS17557", "probe.reachable", AlertStatus.OPEN, AlertSeverity.WARNING, 0))).isTrue();
        assertThat(filter.test(alert("AS17557/twitter.com", "service.accessible", AlertStatus.OPEN, AlertSeverity.WARNING, 0))).isTrue();
        assertThat(filter.test(alert("AS175570", "probe.reachable", AlertStatus.OPEN, AlertSeverity.WARNING, 0))).isFalse();
        assertThat(filter.test(blocking(IncidentStatus.OPEN, 64))).isTrue();
        assertThat(filter.test(networkOutage(3320, "DE", IncidentStatus.OPEN, 90))).isFalse();
        assertThat(new FeedFilter("PK/twitter.com", null, Set.of(), 0, Map.of()).test(blocking(IncidentStatus.OPEN, 64))).isTrue();
        assertThat(new FeedFilter("PK/zoom.us", null, Set.of(), 0, Map.of()).test(blocking(IncidentStatus.OPEN, 64))).isFalse();
    }

    @Test
    void shouldPlaceAnAsnsAlertsInItsCountryByAsnMetadata() {
        final FeedFilter pakistan = new FeedFilter(null, "PK", Set.of(), 0, ASN_COUNTRIES);

        assertThat(pakistan.test(alert("AS17557", "probe.reachable", AlertStatus.OPEN, AlertSeverity.WARNING, 0))).isTrue();
        assertThat(pakistan.test(alert("PK-PB", "probe.reachable", AlertStatus.OPEN, AlertSeverity.WARNING, 0))).isTrue();
        assertThat(pakistan.test(alert("PK/twitter.com", "service.accessible", AlertStatus.OPEN, AlertSeverity.WARNING, 0))).isTrue();
        assertThat(pakistan.test(alert("AS3320", "probe.reachable", AlertStatus.OPEN, AlertSeverity.WARNING, 0))).isFalse();
        assertThat(pakistan.test(alert("AS9999", "probe.reachable", AlertStatus.OPEN, AlertSeverity.WARNING, 0))).isFalse();
        assertThat(pakistan.test(networkOutage(3320, "DE", IncidentStatus.OPEN, 90))).isFalse();
    }

    @Test
    void shouldShowOnlyIncidentsOfTheGivenKindsAndNoAlerts() {
        final FeedFilter filter = new FeedFilter(null, null, Set.of(IncidentKind.SERVICE_BLOCKING), 0, Map.of());

        assertThat(filter.test(blocking(IncidentStatus.OPEN, 64))).isTrue();
        assertThat(filter.test(networkOutage(3320, "DE", IncidentStatus.OPEN, 90))).isFalse();
        assertThat(filter.test(alert("AS17557", "probe.reachable", AlertStatus.OPEN, AlertSeverity.CRITICAL, 0))).isFalse();
    }

    @Test
    void shouldCompareAlertsAndIncidentsOnOneSeverityScale() {
        final FeedFilter critical = new FeedFilter(null, null, Set.of(), FeedFilter.parseSeverity("critical"), Map.of());

        assertThat(critical.test(alert("AS1", "probe.reachable", AlertStatus.OPEN, AlertSeverity.CRITICAL, 0))).isTrue();
        assertThat(critical.test(alert("AS1", "probe.reachable", AlertStatus.OPEN, AlertSeverity.WARNING, 0))).isFalse();
        assertThat(critical.test(blocking(IncidentStatus.OPEN, 50))).isTrue();
        assertThat(critical.test(blocking(IncidentStatus.OPEN, 49))).isFalse();
        assertThat(FeedFilter.parseSeverity("WARNING")).isZero();
        assertThat(FeedFilter.parseSeverity("70")).isEqualTo(70);
        assertThatThrownBy(() -> FeedFilter.parseSeverity("high")).hasMessageContaining("WARNING, CRITICAL or 0-100");
        assertThatThrownBy(() -> new FeedFilter(null, null, Set.of(), 101, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
