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
}
