package org.outagewatch.detector.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.IncidentKind;
import org.outagewatch.schemas.IncidentStatus;

/** The lifecycle rules on hand-made alerts and points, without Kafka. */
class IncidentEngineTest {
    private static final Instant T0 = Instant.parse("2020-05-17T17:00:00Z");
    private static final FusionRules RULES = FusionRules.DEFAULTS;
    private static final AsnDirectory PK = asn -> new AsnPlace("PK", null);
    private static final String SERVICE = "twitter.com";

    private static long at(final int minutes) {
        return T0.toEpochMilli() + minutes * 60_000L;
    }

    private static AlertFact alert(final long asn, final int start, final int end, final boolean open) {
        final String entity = "AS" + asn + "/" + SERVICE;
        return new AlertFact(entity + "|service.accessible|" + at(start), entity, "service.accessible", open, at(start),
                at(end), 0.0, 100.0 * (end - start));
    }

    private static IncidentEngine measured(final int networks) {
        final IncidentEngine engine = new IncidentEngine(RULES);
        for (long asn = 1; asn <= networks; asn++) {
            engine.onPoint("AS" + asn + "/" + SERVICE, "service.accessible", at(0), 1.0,
                    Map.of("OK", 3L, IncidentClassifier.CONTROL_MEASURED, 3L, IncidentClassifier.CONTROL_FAILED, 0L));
        }
        return engine;
    }

    @Test
    void shouldUpdateWhenTheScopeGrowsAndResolveAfterTheLinger() {
        final IncidentEngine engine = measured(4);
        engine.onAlert(alert(1, 0, 5, true));
        final List<IncidentSnapshot> opened = engine.evaluate(at(5), PK);
        assertThat(opened).singleElement().satisfies(i -> {
            assertThat(i.status()).isEqualTo(IncidentStatus.OPEN);
            assertThat(i.kind()).isEqualTo(IncidentKind.SERVICE_BLOCKING);
            assertThat(i.incidentId()).isEqualTo("blocking:PK|" + T0);
        });
        engine.onAlert(alert(2, 5, 10, true));
        assertThat(engine.evaluate(at(10), PK)).singleElement().satisfies(i -> {
            assertThat(i.status()).isEqualTo(IncidentStatus.UPDATE);
            assertThat(i.asns()).containsExactly(1L, 2L);
        });
        engine.onAlert(alert(1, 0, 20, false));
        engine.onAlert(alert(2, 5, 20, false));
        assertThat(engine.evaluate(at(25), PK)).isEmpty();
        assertThat(engine.evaluate(at(20) + RULES.lingerMillis(), PK)).singleElement().satisfies(i -> {
            assertThat(i.status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(i.endedAt()).isEqualTo(at(20));
            assertThat(i.iodaScore()).isEqualTo(100.0 * 20 + 100.0 * 15);
        });
    }

    @Test
    void shouldKeepTheSameIncidentWhenAnAlertReturnsWithinTheLinger() {
        final IncidentEngine engine = measured(4);
        engine.onAlert(alert(1, 0, 5, true));
        final String id = engine.evaluate(at(5), PK).get(0).incidentId();
        engine.onAlert(alert(1, 0, 10, false));
        assertThat(engine.evaluate(at(15), PK)).isEmpty();
        engine.onAlert(alert(1, 20, 25, true));
        assertThat(engine.evaluate(at(25), PK)).isEmpty();
        assertThat(engine.openIncidents()).extracting(IncidentSnapshot::incidentId).containsExactly(id);
    }

    private static final String TRAFFIC = IncidentClassifier.TRAFFIC_SIGNAL;

    private static AlertFact connectivity(final String entity, final String signal, final int start, final int end,
                                          final boolean open) {
        return new AlertFact(entity + "|" + signal + "|" + at(start), entity, signal, open, at(start), at(end), 0.1,
                90.0 * (end - start));
    }

    /** Networks 1..n of one country, each with a traffic series of the given normal volume. */
    private static IncidentEngine trafficWorld(final double... volumes) {
        final IncidentEngine engine = new IncidentEngine(RULES);
        for (int i = 0; i < volumes.length; i++) {
            engine.onPoint("AS" + (i + 1), TRAFFIC, at(0), volumes[i], Map.of());
        }
        return engine;
    }

    @Test
    void shouldNotCallTwoOfFiveNetworksANationalShutdownEvenWhenTheyCarryMostOfTheTraffic() {
        // the demo world's DE: 2 of 5 measured networks, 85% of the weight; national needs half the count too
        final IncidentEngine engine = trafficWorld(50, 35, 5, 5, 5);
        engine.onAlert(connectivity("AS1", TRAFFIC, 0, 5, true));
        engine.onAlert(connectivity("AS2", TRAFFIC, 0, 5, true));
        assertThat(engine.evaluate(at(5), PK)).extracting(IncidentSnapshot::kind)
                .containsExactly(IncidentKind.NETWORK_OUTAGE, IncidentKind.NETWORK_OUTAGE);
    }

    @Test
    void shouldNotCallManySmallNetworksANationalShutdownWhenTheyCarryLittleTraffic() {
        final IncidentEngine engine = trafficWorld(80, 5, 5, 5, 5);
        for (int asn = 2; asn <= 5; asn++) {
            engine.onAlert(connectivity("AS" + asn, TRAFFIC, 0, 5, true));
        }
        assertThat(engine.evaluate(at(5), PK)).extracting(IncidentSnapshot::kind).containsOnly(IncidentKind.NETWORK_OUTAGE);
    }

    @Test
    void shouldCallHalfTheNetworksWithHalfTheTrafficANationalShutdownWithBothSharesInTheEvidence() {
        final IncidentEngine engine = trafficWorld(40, 20, 20, 20);
        engine.onAlert(connectivity("AS1", TRAFFIC, 0, 5, true));
        engine.onAlert(connectivity("AS2", TRAFFIC, 0, 5, true));
        assertThat(engine.evaluate(at(5), PK)).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(IncidentKind.NATIONAL_SHUTDOWN);
            assertThat(i.evidence()).containsEntry("failingShare", "0.50").containsEntry("failingWeightShare", "0.60");
        });
    }

    @Test
    void shouldOpenANewIncidentForAnOutageThatStartsAfterTheIncidentsAlertsEnded() {
        final IncidentEngine engine = trafficWorld(10, 10, 10);
        engine.onAlert(connectivity("AS1", TRAFFIC, 0, 5, true));
        final String first = engine.evaluate(at(5), PK).get(0).incidentId();
        engine.onAlert(connectivity("AS1", TRAFFIC, 0, 10, false));
        assertThat(engine.evaluate(at(10), PK)).isEmpty();
        // 5 minutes later, within the linger, the same network fails on another signal: not an overlap, a new outage
        engine.onAlert(connectivity("AS1", "routing.visible-prefixes", 15, 20, true));
        assertThat(engine.evaluate(at(20), PK)).singleElement().satisfies(i -> {
            assertThat(i.status()).isEqualTo(IncidentStatus.OPEN);
            assertThat(i.incidentId()).isNotEqualTo(first);
        });
        assertThat(engine.openIncidents()).hasSize(2);
    }

    @Test
    void shouldContinueAnIncidentWithAnOutageThatStartsWhileItsAlertsAreStillOpen() {
        final IncidentEngine engine = trafficWorld(10, 10, 10);
        engine.onAlert(connectivity("AS1", TRAFFIC, 0, 10, true));
        final String first = engine.evaluate(at(10), PK).get(0).incidentId();
        engine.onAlert(connectivity("AS1", "routing.visible-prefixes", 5, 10, true));
        assertThat(engine.evaluate(at(10) + RULES.stepMillis(), PK)).allSatisfy(i -> assertThat(i.incidentId()).isEqualTo(first));
        assertThat(engine.openIncidents()).extracting(IncidentSnapshot::incidentId).containsExactly(first);
    }

    @Test
    void shouldCallAServiceFailingOnlyInTheCountrysPooledTestsBlocking() {
        final IncidentEngine engine = measured(4);
        engine.onPoint("PK/" + SERVICE, "service.accessible", at(0), 0.2, Map.of("DNS_FAILURE", 4L, "OK", 1L,
                IncidentClassifier.CONTROL_MEASURED, 5L, IncidentClassifier.CONTROL_FAILED, 0L));
        engine.onAlert(connectivity("PK/" + SERVICE, "service.accessible", 0, 5, true));
        assertThat(engine.evaluate(at(5), PK)).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(IncidentKind.SERVICE_BLOCKING);
            assertThat(i.countries()).containsExactly("PK");
            assertThat(i.services()).containsExactly(SERVICE);
            assertThat(i.asns()).isEmpty();
            assertThat(i.evidence()).containsEntry("countryAlerts", "1").containsEntry("controlTests", "5");
            assertThat(i.explanation()).contains("when the tests of the 4 measured networks in PK are pooled");
        });
    }

    @Test
    void shouldJoinACountrysConnectivityAlertToItsNetworkOutageAndKeepTheKindWhileOnlyItLasts() {
        final IncidentEngine engine = trafficWorld(80, 10, 10);
        engine.onPoint("PK", TRAFFIC, at(0), 100, Map.of());
        engine.onAlert(connectivity("AS1", TRAFFIC, 0, 5, true));
        engine.onAlert(connectivity("PK", TRAFFIC, 0, 5, true));
        final IncidentSnapshot opened = engine.evaluate(at(5), PK).get(0);
        assertThat(opened.kind()).isEqualTo(IncidentKind.NETWORK_OUTAGE);
        assertThat(opened.alertIds()).hasSize(2);
        assertThat(opened.evidence()).containsEntry("countrySignals", TRAFFIC);
        engine.onAlert(connectivity("AS1", TRAFFIC, 0, 10, false));
        engine.onAlert(connectivity("PK", TRAFFIC, 0, 15, true));
        assertThat(engine.evaluate(at(15), PK)).isEmpty();
        assertThat(engine.openIncidents()).singleElement()
                .satisfies(i -> assertThat(i.kind()).isEqualTo(IncidentKind.NETWORK_OUTAGE));
    }

    @Test
    void shouldCallAConnectivityLossSeenOnlyInTheCountrysPooledSeriesUnknown() {
        final IncidentEngine engine = trafficWorld(10, 10, 10);
        engine.onAlert(connectivity("PK", TRAFFIC, 0, 5, true));
        assertThat(engine.evaluate(at(5), PK)).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(IncidentKind.UNKNOWN);
            assertThat(i.incidentId()).startsWith("country:PK|");
            assertThat(i.evidence()).containsKey("missing");
        });
    }
}
