package org.outagewatch.detector.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagewatch.detector.incident.IncidentFixture.DAY;
import static org.outagewatch.detector.incident.IncidentFixture.at;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.IncidentKind;
import org.outagewatch.schemas.IncidentStatus;
import org.outagewatch.schemas.ProbeOutcome;

/**
 * Service scenarios without controls: a platform failing on most networks of four countries at once, and a service
 * failing on two networks of the only country that measures it (nothing tells blocked from down). Tests once an
 * hour for a day, then every 5 minutes around the event.
 */
class ServiceScenariosTest {
    static final int EVENT = DAY + 8 * 60;
    static final int EVENT_END = EVENT + 60;
    static final int END = EVENT + 2 * 60;
    static final String SERVICE = "chat.example";

    /** Whether a test from this ASN fails at this minute. */
    interface Fails {
        boolean at(long asn, int minute);
    }

    static void tests(final IncidentFixture f, final List<Long> asns, final Fails fails) {
        for (int minute = 0; minute < END; minute += 5) {
            if (minute < EVENT - 60 && minute % 60 != 0) {
                continue;
            }
            for (int t = 0; t < 3; t++) {
                for (final long asn : asns) {
                    f.test(asn, SERVICE, fails.at(asn, minute) ? ProbeOutcome.TCP_FAILURE : ProbeOutcome.OK, null,
                            at(minute + t + 0.5));
                }
            }
        }
    }

    @Test
    void shouldCallAServiceFailingInFourCountriesAtOnceAPlatformOutage() {
        try (IncidentFixture f = new IncidentFixture()) {
            final List<Long> asns = ConnectivityScenariosTest.range(500, 12);
            asns.forEach(a -> f.asn(a, List.of("BR", "IN", "NG", "FR").get((int) (a - 500) / 3), null));
            tests(f, asns, (asn, minute) -> (asn - 500) % 3 != 2 && minute >= EVENT && minute < EVENT_END);
            assertThat(f.finals().values()).singleElement().satisfies(i -> {
                assertThat(i.getKind()).isEqualTo(IncidentKind.PLATFORM_OUTAGE);
                assertThat(i.getServices()).containsExactly(SERVICE);
                assertThat(i.getCountries()).containsExactly("BR", "FR", "IN", "NG");
                assertThat(i.getAsns()).hasSize(8);
                assertThat(i.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
                assertThat(i.getEvidence()).containsEntry("countriesMostlyFailing", "4");
            });
        }
    }

    @Test
    void shouldSayWhatIsMissingWhenNothingTellsBlockedFromDown() {
        try (IncidentFixture f = new IncidentFixture()) {
            final List<Long> asns = ConnectivityScenariosTest.range(600, 3);
            asns.forEach(a -> f.asn(a, "TM", null));
            tests(f, asns, (asn, minute) -> asn < 602 && minute >= EVENT && minute < EVENT_END);
            assertThat(f.finals().values()).singleElement().satisfies(i -> {
                assertThat(i.getKind()).isEqualTo(IncidentKind.UNKNOWN);
                assertThat(i.getCountries()).containsExactly("TM");
                assertThat(i.getEvidence()).containsEntry("missing", "control measurements and vantages outside TM")
                        .containsEntry("failingNetworks", "2").containsEntry("measuredNetworks", "3");
                assertThat(i.getExplanation()).contains("cannot be told from the service being down");
            });
        }
    }
}
