package org.outagewatch.detector.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagewatch.detector.incident.IncidentFixture.at;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.FailureMode;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentKind;
import org.outagewatch.schemas.IncidentStatus;
import org.outagewatch.schemas.ProbeOutcome;

/**
 * 17 May 2020: 7 Pakistani and 40 other networks test three services, each test with a control (3 tests per
 * service and 5-minute window around the events, one window an hour otherwise, from the day before). 10:00-12:00
 * UTC Zoom fails everywhere and its control fails too; 17:00-20:00 the three services fail with DNS failures from 5
 * of the 7 PK networks while the controls succeed. PK traffic stays normal throughout.
 */
class PakistanScenarioTest {
    static final List<String> SERVICES = List.of("twitter.com", "periscope.tv", "zoom.us");
    static final int PK_ASNS = 7;
    static final int BLOCKED_ASNS = 5;
    static final int OTHER_ASNS = 40;
    static final long PK_FIRST = 17_557;
    static final long OTHER_FIRST = 64_500;
    static final int DAY = IncidentFixture.DAY;
    static final double ZOOM_DOWN = DAY + 10 * 60;
    static final double ZOOM_UP = DAY + 12 * 60;
    static final double BLOCK_START = DAY + 17 * 60;
    static final double BLOCK_END = DAY + 20 * 60;
    static final double END = DAY + 21 * 60;

    /** Tests every 5 minutes around the events, once an hour otherwise. */
    static boolean dense(final int minute) {
        return minute >= ZOOM_DOWN - 60 && minute < ZOOM_UP + 30 || minute >= BLOCK_START - 30 && minute < BLOCK_END + 30;
    }

    static void run(final IncidentFixture f) {
        for (int i = 0; i < PK_ASNS; i++) {
            f.asn(PK_FIRST + i, "PK", null);
        }
        for (int i = 0; i < OTHER_ASNS; i++) {
            f.asn(OTHER_FIRST + i, "C" + (char) ('A' + i % 10), null);
        }
        for (int minute = 0; minute < END; minute += 5) {
            final boolean zoomDown = minute >= ZOOM_DOWN && minute < ZOOM_UP;
            final boolean blocked = minute >= BLOCK_START && minute < BLOCK_END;
            for (int i = 0; i < PK_ASNS; i++) {
                f.traffic(PK_FIRST + i, at(minute));
            }
            if (!dense(minute) && minute % 60 != 0) {
                continue;
            }
            for (int t = 0; t < 3; t++) {
                for (int i = 0; i < PK_ASNS + OTHER_ASNS; i++) {
                    final boolean pk = i < PK_ASNS;
                    final long asn = pk ? PK_FIRST + i : OTHER_FIRST + i - PK_ASNS;
                    for (final String service : SERVICES) {
                        final boolean zoom = service.equals("zoom.us");
                        ProbeOutcome outcome = ProbeOutcome.OK;
                        ProbeOutcome control = ProbeOutcome.OK;
                        if (zoom && zoomDown) {
                            outcome = ProbeOutcome.TCP_FAILURE;
                            control = ProbeOutcome.TCP_FAILURE;
                        } else if (blocked && pk && i < BLOCKED_ASNS) {
                            outcome = ProbeOutcome.DNS_FAILURE;
                        }
                        f.test(asn, service, outcome, control, at(minute + t + 0.5));
                    }
                }
            }
        }
    }

    @Test
    void shouldFindTheMorningZoomOutageAndTheEveningBlockingInPakistan() {
        try (IncidentFixture f = new IncidentFixture()) {
            run(f);
            final Map<String, Incident> finals = f.finals();
            assertThat(finals.values()).extracting(Incident::getKind)
                    .containsExactly(IncidentKind.PLATFORM_OUTAGE, IncidentKind.SERVICE_BLOCKING);
            final Incident zoom = finals.values().iterator().next();
            assertThat(zoom.getServices()).containsExactly("zoom.us");
            assertThat(zoom.getStartedAt()).isEqualTo(at(ZOOM_DOWN));
            assertThat(zoom.getEndedAt()).isEqualTo(at(ZOOM_UP));
            assertThat(zoom.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
            final Incident block = finals.values().stream().skip(1).findFirst().orElseThrow();
            assertThat(block.getCountries()).containsExactly("PK");
            assertThat(block.getServices()).containsExactlyInAnyOrderElementsOf(SERVICES);
            assertThat(block.getAsns()).hasSize(BLOCKED_ASNS);
            assertThat(block.getFailureMode()).isEqualTo(FailureMode.DNS);
            assertThat(block.getStartedAt()).isEqualTo(at(BLOCK_START));
            assertThat(block.getEndedAt()).isEqualTo(at(BLOCK_END));
            assertThat(block.getEvidence()).containsEntry("measuredNetworks", "7").containsEntry("failingNetworks", "5")
                    .containsEntry("controlFailures", "0").containsEntry("measuredNetworksElsewhere", "40");
            assertThat(block.getExplanation()).startsWith("periscope.tv, twitter.com and zoom.us blocked on 5 of 7 "
                    + "measured networks in PK since 17:00 UTC on 2020-05-17; reachable from every control");
            assertThat(block.getExplanation()).contains("connectivity normal; DNS tampering");
        }
    }
}
