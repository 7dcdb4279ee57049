package org.outagewatch.detector.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagewatch.detector.rollup.RollupFixture.at;
import static org.outagewatch.detector.rollup.RollupFixture.window;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.liveness.LivenessProcessor;
import org.outagewatch.detector.signals.FoldedSignal;
import org.outagewatch.detector.signals.ServiceFoldProcessor;
import org.outagewatch.detector.signals.SignalFoldProcessor;
import org.outagewatch.schemas.SignalPoint;

/** The country rollup in the whole detector topology: ASN points in, country points out on signal-points. */
class CountryRollupTest {
    private static final String TRAFFIC = FoldedSignal.TRAFFIC_VOLUME.id();
    private static final String PROBES = FoldedSignal.PROBE_REACHABLE.id();
    private static final String CONNECTED = LivenessProcessor.SIGNAL;
    private static final String SERVICE = ServiceFoldProcessor.SIGNAL;
    private static final long DE_ONE = 64_500;
    private static final long DE_TWO = 64_501;
    private static final long FR_ONE = 64_510;

    private static String row(final SignalPoint p) {
        return p.getEntity() + "|" + p.getSignal() + "@" + p.getWindowStart() + "=" + p.getValue() + "/" + p.getCoverage();
    }

    @Test
    void shouldCloseACountryWindowExactlyWhenEveryStageOneTaskHasPassedIt() {
        try (RollupFixture f = new RollupFixture()) {
            f.country(DE_ONE, "DE");
            f.country(DE_TWO, "DE");
            // the task of DE_ONE runs four windows ahead of the task of DE_TWO (a backlog)
            for (int n = 0; n < 5; n++) {
                f.point("AS" + DE_ONE, TRAFFIC, n, 100, 5);
                f.point("AS" + DE_ONE, PROBES, n, 1.0, 10);
            }
            f.folders(0, 2, 5, false);
            assertThat(f.countryPoints()).as("task 1 has not said how far it is").isEmpty();
            f.point("AS" + DE_TWO, TRAFFIC, 0, 50, 3);
            f.point("AS" + DE_TWO, PROBES, 0, 0.5, 30);
            f.point("AS" + DE_TWO, TRAFFIC, 1, 40, 3);
            f.point("AS" + DE_TWO, PROBES, 1, 0.5, 30);
            f.folders(1, 2, 2, false);
            assertThat(f.countryPoints()).extracting(CountryRollupTest::row).containsExactly(
                    "DE|" + PROBES + "@" + window(0) + "=0.625/40",
                    "DE|" + PROBES + "@" + window(1) + "=0.625/40",
                    "DE|" + TRAFFIC + "@" + window(0) + "=150.0/8",
                    "DE|" + TRAFFIC + "@" + window(1) + "=140.0/8");
            for (int n = 2; n < 5; n++) {
                f.point("AS" + DE_TWO, TRAFFIC, n, 30, 3);
            }
            f.folders(1, 2, 5, false);
            assertThat(f.countryPoints()).extracting(CountryRollupTest::row).containsExactly(
                    "DE|" + PROBES + "@" + window(2) + "=1.0/10",
                    "DE|" + PROBES + "@" + window(3) + "=1.0/10",
                    "DE|" + PROBES + "@" + window(4) + "=1.0/10",
                    "DE|" + TRAFFIC + "@" + window(2) + "=130.0/8",
                    "DE|" + TRAFFIC + "@" + window(3) + "=130.0/8",
                    "DE|" + TRAFFIC + "@" + window(4) + "=130.0/8");
            assertThat(f.metric(CountryRollupProcessor.LATE_POINTS + "-total")).isZero();
        }
    }

    @Test
    void shouldCloseEachSignalByTheMarkersOfItsOwnWriter() {
        try (RollupFixture f = new RollupFixture()) {
            f.country(DE_ONE, "DE");
            f.point("AS" + DE_ONE, TRAFFIC, 0, 100, 5);
            f.point("AS" + DE_ONE, CONNECTED, 0, 0.5, 6);
            f.folders(0, 1, 1, false);
            assertThat(f.countryPoints()).extracting(CountryRollupTest::row)
                    .containsExactly("DE|" + TRAFFIC + "@" + window(0) + "=100.0/5");
            f.progress(LivenessProcessor.PROGRESS_GROUP, 0, 1, 1, false);
            assertThat(f.countryPoints()).extracting(CountryRollupTest::row)
                    .containsExactly("DE|" + CONNECTED + "@" + window(0) + "=0.5/6");
        }
    }

    @Test
    void shouldNotWaitForAnIdleTaskAndCountItsPointsLateWhenItComesBack() {
        try (RollupFixture f = new RollupFixture()) {
            f.country(DE_ONE, "DE");
            f.country(DE_TWO, "DE");
            f.folders(1, 2, 0, true);
            f.point("AS" + DE_ONE, TRAFFIC, 0, 100, 5);
            f.point("AS" + DE_ONE, TRAFFIC, 1, 100, 5);
            f.folders(0, 2, 2, false);
            assertThat(f.countryPoints()).extracting(CountryRollupTest::row).containsExactly(
                    "DE|" + TRAFFIC + "@" + window(0) + "=100.0/5", "DE|" + TRAFFIC + "@" + window(1) + "=100.0/5");
            // the idle task has input again: it says so before its points, which are late for the windows closed
            f.folders(1, 2, 0, false);
            f.point("AS" + DE_TWO, TRAFFIC, 1, 50, 3);
            f.point("AS" + DE_TWO, TRAFFIC, 2, 50, 3);
            f.point("AS" + DE_ONE, TRAFFIC, 2, 100, 5);
            f.folders(0, 2, 3, false);
            assertThat(f.countryPoints()).as("task 1 holds window 2 back again").isEmpty();
            f.folders(1, 2, 3, false);
            assertThat(f.metric(CountryRollupProcessor.LATE_POINTS + "-total")).isEqualTo(1.0);
            assertThat(f.countryPoints()).extracting(CountryRollupTest::row)
                    .containsExactly("DE|" + TRAFFIC + "@" + window(2) + "=150.0/8");
        }
    }

    @Test
    void shouldRollServicePointsUpToTheCountryAndService() {
        try (RollupFixture f = new RollupFixture()) {
            f.country(DE_ONE, "DE");
            f.country(DE_TWO, "DE");
            f.point("AS" + DE_ONE + "/twitter.com", SERVICE, 0, 0.5, 4, Map.of("OK", 2L, "DNS_FAILURE", 2L,
                    ServiceFoldProcessor.CONTROL_MEASURED, 4L, ServiceFoldProcessor.CONTROL_FAILED, 0L));
            f.point("AS" + DE_TWO + "/twitter.com", SERVICE, 0, 1.0, 2, Map.of("OK", 2L,
                    ServiceFoldProcessor.CONTROL_MEASURED, 2L, ServiceFoldProcessor.CONTROL_FAILED, 1L));
            f.point("AS" + DE_ONE, TRAFFIC, 2, 100, 5);
            f.folders(0, 1, 3, false);
            assertThat(f.countryPoints()).extracting(CountryRollupTest::row).as("service windows close by the service "
                    + "folder's markers").containsExactly("DE|" + TRAFFIC + "@" + window(2) + "=100.0/5");
            f.progress(ServiceFoldProcessor.PROGRESS_GROUP, 0, 1, 1, false);

            final List<SignalPoint> out = f.countryPoints();
            assertThat(out).hasSize(1);
            final SignalPoint point = out.get(0);
            assertThat(point.getEntity()).isEqualTo("DE/twitter.com");
            assertThat(point.getSignal()).isEqualTo(SERVICE);
            assertThat(point.getValue()).isCloseTo(4.0 / 6, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(point.getCoverage()).isEqualTo(6);
            assertThat(point.getBreakdown()).containsExactlyInAnyOrderEntriesOf(Map.of("OK", 4L, "DNS_FAILURE", 2L,
                    ServiceFoldProcessor.CONTROL_MEASURED, 6L, ServiceFoldProcessor.CONTROL_FAILED, 1L));
        }
    }

    @Test
    void shouldGiveACountryWhoseNetworksFallSilentAZeroPoint() {
        try (RollupFixture f = new RollupFixture()) {
            f.country(DE_ONE, "DE");
            f.country(DE_TWO, "DE");
            f.country(FR_ONE, "FR");
            for (int minute = 0; minute < 60; minute++) {
                if (minute < 15) {
                    f.traffic(DE_ONE, 1_000, at(minute));
                    f.traffic(DE_TWO, 2_000, at(minute));
                }
                // FR keeps stream time moving while DE is silent
                f.traffic(FR_ONE, 500, at(minute));
            }
            final List<SignalPoint> germany = f.countryPoints().stream().filter(p -> p.getEntity().equals("DE")).toList();
            assertThat(germany).extracting(CountryRollupTest::row).startsWith(
                    "DE|" + TRAFFIC + "@" + window(0) + "=15000.0/10",
                    "DE|" + TRAFFIC + "@" + window(1) + "=15000.0/10",
                    "DE|" + TRAFFIC + "@" + window(2) + "=15000.0/10",
                    "DE|" + TRAFFIC + "@" + window(3) + "=0.0/0");
            assertThat(germany).hasSizeGreaterThan(5).allSatisfy(p -> assertThat(p.getSignal()).isEqualTo(TRAFFIC));
            assertThat(germany.subList(3, germany.size())).allSatisfy(p -> assertThat(p.getValue()).isZero());
        }
    }

    @Test
    void shouldSkipAndCountPointsOfAsnsWithoutACountry() {
        try (RollupFixture f = new RollupFixture()) {
            f.country(DE_ONE, "DE");
            f.point("AS" + DE_TWO, TRAFFIC, 0, 50, 3);
            f.point("AS" + DE_TWO + "/twitter.com", SERVICE, 0, 1.0, 2);
            f.point("AS" + DE_ONE, TRAFFIC, 0, 100, 5);
            // not rolled up, and not counted as missing a country: routing (its own country points), series from
            // elsewhere, feed health and country points
            f.point("AS" + DE_ONE, "routing.visible-slash24", 0, 40, 300);
            f.point("AS" + DE_ONE, "telescope.unique-sources", 0, 7, 7);
            f.point("feed/" + TRAFFIC, TRAFFIC, 0, 1, 1);
            f.point("FR", TRAFFIC, 0, 10, 1);
            f.folders(0, 1, 1, false);

            assertThat(f.countryPoints()).extracting(CountryRollupTest::row)
                    .containsExactly("DE|" + TRAFFIC + "@" + window(0) + "=100.0/5");
            assertThat(f.metric(CountryKeyProcessor.NO_COUNTRY_POINTS + "-total")).isEqualTo(2.0);
        }
    }

    @Test
    void shouldCloseTheWindowsOfEachSignalFolderByItsOwnMarkers() {
        try (RollupFixture f = new RollupFixture()) {
            f.country(DE_ONE, "DE");
            f.point("AS" + DE_ONE, PROBES, 0, 1.0, 10);
            f.point("AS" + DE_ONE, TRAFFIC, 0, 100, 5);
            f.progress(SignalFoldProcessor.PROBE_GROUP, 0, 1, 1, false);
            assertThat(f.countryPoints()).extracting(CountryRollupTest::row).as("the traffic folder is still behind")
                    .containsExactly("DE|" + PROBES + "@" + window(0) + "=1.0/10");
            f.progress(SignalFoldProcessor.TRAFFIC_GROUP, 0, 1, 1, false);
            assertThat(f.countryPoints()).extracting(CountryRollupTest::row)
                    .containsExactly("DE|" + TRAFFIC + "@" + window(0) + "=100.0/5");
        }
    }
}
