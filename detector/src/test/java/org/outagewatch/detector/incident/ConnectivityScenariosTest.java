package org.outagewatch.detector.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagewatch.detector.incident.IncidentFixture.DAY;
import static org.outagewatch.detector.incident.IncidentFixture.at;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentKind;
import org.outagewatch.schemas.IncidentStatus;

/**
 * Connectivity scenarios from raw traffic samples (one per ASN and 5-minute window, a day of history first): a
 * national shutdown that grows over 30 minutes, merges the first network incidents and splits when most networks
 * return; a regional power cut; a single network; a quiet world. Every ASN but the dark ones keeps stream time moving.
 */
class ConnectivityScenariosTest {
    static final int EVENT = DAY + 8 * 60;
    static final int END = DAY + 14 * 60;
    static final long IR_FIRST = 100;
    static final int IR_ASNS = 10;
    static final int IR_DARK = 9;
    static final int STEP_MINUTES = 3;

    /** An ASN goes dark (sends nothing) while this says so. */
    interface Dark {
        boolean at(long asn, int minute);
    }

    static void traffic(final IncidentFixture f, final List<Long> asns, final int end, final Dark dark) {
        for (int minute = 0; minute < end; minute += 5) {
            for (final long asn : asns) {
                if (!dark.at(asn, minute)) {
                    f.traffic(asn, at(minute));
                }
            }
        }
    }

    static List<Long> range(final long first, final int count) {
        return java.util.stream.LongStream.range(first, first + count).boxed().toList();
    }

    /** Iran-like: 9 of 10 networks go dark one every 3 minutes from 08:00; 7 return at 12:00, the last 2 at 13:00. */
    static void nationalShutdown(final IncidentFixture f) {
        final List<Long> asns = range(IR_FIRST, IR_ASNS);
        asns.forEach(a -> f.asn(a, "IR", null));
        traffic(f, asns, END, (asn, minute) -> {
            final int i = (int) (asn - IR_FIRST);
            final int returns = i < 2 ? EVENT + 5 * 60 : EVENT + 4 * 60;
            return i < IR_DARK && minute >= EVENT + STEP_MINUTES * i && minute < returns;
        });
    }

    @Test
    void shouldMergeNetworkOutagesIntoOneNationalShutdownAndSplitItWhenMostNetworksReturn() {
        try (IncidentFixture f = new IncidentFixture()) {
            nationalShutdown(f);
            final List<Incident> records = f.records();
            final Incident national = records.stream().filter(i -> i.getKind() == IncidentKind.NATIONAL_SHUTDOWN)
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(national.getAsns()).hasSize(IR_DARK);
            assertThat(national.getCountries()).containsExactly("IR");
            assertThat(national.getStartedAt()).isEqualTo(at(EVENT));
            assertThat(national.getEvidence()).containsEntry("measuredAsns", "10").containsEntry("failingAsns", "9");
            // the first network incidents were merged into the one that became national
            assertThat(records).filteredOn(i -> i.getEvidence().containsKey(IncidentEngine.MERGED_INTO))
                    .isNotEmpty()
                    .allSatisfy(i -> assertThat(i.getEvidence()).containsEntry(IncidentEngine.MERGED_INTO, national.getIncidentId()));
            // when 7 networks return, the national incident continues as the outage of the oldest remaining network
            // and the other remaining network splits off; both resolve when they return
            final Map<String, Incident> finals = f.finals();
            assertThat(finals.values()).extracting(Incident::getKind, Incident::getAsns, Incident::getStatus)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(IncidentKind.NETWORK_OUTAGE, List.of(IR_FIRST), IncidentStatus.RESOLVED),
                            org.assertj.core.groups.Tuple.tuple(IncidentKind.NETWORK_OUTAGE, List.of(IR_FIRST + 1), IncidentStatus.RESOLVED));
            assertThat(finals.get(national.getIncidentId()).getEndedAt()).isEqualTo(at(EVENT + 5 * 60));
        }
    }

    @Test
    void shouldGiveIdenticalIncidentsOnReplay() {
        final List<Incident> first;
        try (IncidentFixture f = new IncidentFixture()) {
            nationalShutdown(f);
            first = f.records();
        }
        try (IncidentFixture f = new IncidentFixture()) {
            nationalShutdown(f);
            assertThat(f.records()).isEqualTo(first).isNotEmpty();
        }
    }

    @Test
    void shouldCallThreeDarkNetworksOfOneRegionARegionalOutage() {
        try (IncidentFixture f = new IncidentFixture()) {
            final List<Long> asns = range(200, 12);
            final List<String> regions = List.of("US-TX", "US-CA", "US-NY");
            asns.forEach(a -> f.asn(a, "US", regions.get((int) (a - 200) / 4)));
            traffic(f, asns, EVENT + 3 * 60, (asn, minute) -> asn < 203 && minute >= EVENT && minute < EVENT + 120);
            final Map<String, Incident> finals = f.finals();
            assertThat(finals.values()).singleElement().satisfies(i -> {
                assertThat(i.getKind()).isEqualTo(IncidentKind.REGIONAL_OUTAGE);
                assertThat(i.getAsns()).containsExactly(200L, 201L, 202L);
                assertThat(i.getStartedAt()).isEqualTo(at(EVENT));
                assertThat(i.getEndedAt()).isEqualTo(at(EVENT + 120));
                assertThat(i.getExplanation()).startsWith("Connectivity lost on 3 of 4 measured networks in region US-TX of US");
            });
        }
    }

    @Test
    void shouldCallOneDarkNetworkANetworkOutage() {
        try (IncidentFixture f = new IncidentFixture()) {
            final List<Long> asns = range(300, 10);
            asns.forEach(a -> f.asn(a, "DE", null));
            traffic(f, asns, EVENT + 2 * 60, (asn, minute) -> asn == 300 && minute >= EVENT && minute < EVENT + 60);
            assertThat(f.finals().values()).singleElement().satisfies(i -> {
                assertThat(i.getKind()).isEqualTo(IncidentKind.NETWORK_OUTAGE);
                assertThat(i.getAsns()).containsExactly(300L);
                assertThat(i.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
                assertThat(i.getStartedAt()).isEqualTo(at(EVENT));
                assertThat(i.getEndedAt()).isEqualTo(at(EVENT + 60));
                // the network's area (100% x 60 min), plus DE's when its pooled traffic alerts too: one of its 10 equal
                // networks dark is 10% of the country's volume for 60 min, many of the country's own sds (the noise
                // model); that alert joins the network outage and leaves kind and scope as they are
                assertThat(i.getIodaScore()).isIn(100.0 * 60, 100.0 * 60 + 10.0 * 60);
            });
        }
    }

    @Test
    void shouldFindNothingInAQuietWorld() {
        try (IncidentFixture f = new IncidentFixture()) {
            final List<Long> asns = range(400, 10);
            asns.forEach(a -> f.asn(a, "NL", null));
            traffic(f, asns, 2 * DAY, (asn, minute) -> false);
            assertThat(f.records()).isEmpty();
        }
    }
}
