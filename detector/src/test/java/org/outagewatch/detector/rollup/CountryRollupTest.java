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
    void shouldSumVolumesAndWeightSharesOfTwoAsnsOnTwoPartitions() {
        try (RollupFixture f = new RollupFixture()) {
            f.country(DE_ONE, "DE");
            f.country(DE_TWO, "DE");
            // the partition of DE_ONE runs a window ahead of the partition of DE_TWO
            f.point("AS" + DE_ONE, TRAFFIC, 0, 100, 5);
            f.point("AS" + DE_ONE, PROBES, 0, 1.0, 10);
            f.point("AS" + DE_ONE, CONNECTED, 0, 0.5, 6);
            f.point("AS" + DE_ONE, TRAFFIC, 1, 110, 5);
            f.point("AS" + DE_ONE, PROBES, 1, 1.0, 10);
            f.point("AS" + DE_ONE, CONNECTED, 1, 0.5, 6);
            assertThat(f.countryPoints()).as("window 0 waits for the rollup delay").isEmpty();
            f.point("AS" + DE_TWO, TRAFFIC, 0, 50, 3);
            f.point("AS" + DE_TWO, PROBES, 0, 0.5, 30);
            f.point("AS" + DE_TWO, CONNECTED, 0, 1.0, 2);
            f.point("AS" + DE_TWO, TRAFFIC, 1, 40, 3);
            // each signal's stream time reaches window 0's end plus the delay (one window): window 0 closes
            f.point("AS" + DE_ONE, CONNECTED, 2, 0.5, 6);
            f.point("AS" + DE_ONE, PROBES, 2, 1.0, 10);
            f.point("AS" + DE_ONE, TRAFFIC, 2, 120, 5);

            // window 0 closes by the delay; traffic's window 1 has both networks again (as many points as window 0),
            // so it closes as soon as window 2 has begun, without waiting
            assertThat(f.countryPoints()).extracting(CountryRollupTest::row).containsExactly(
                    "DE|" + CONNECTED + "@" + window(0) + "=0.625/8",
                    "DE|" + PROBES + "@" + window(0) + "=0.625/40",
                    "DE|" + TRAFFIC + "@" + window(0) + "=150.0/8",
                    "DE|" + TRAFFIC + "@" + window(1) + "=150.0/8");
            // window 2 has one network of two: it waits
            f.point("AS" + DE_TWO, TRAFFIC, 3, 30, 3);
            assertThat(f.countryPoints()).isEmpty();
            f.point("AS" + DE_TWO, TRAFFIC, 2, 35, 3);
            assertThat(f.countryPoints()).extracting(CountryRollupTest::row)
                    .containsExactly("DE|" + TRAFFIC + "@" + window(2) + "=155.0/8");
        }
    }

    /** DE with two networks, both reporting traffic (100 and 50 bytes) in windows 0 to {@code windows} - 1. */
    private static void twoGermanNetworks(final RollupFixture f, final int windows) {
        f.country(DE_ONE, "DE");
        f.country(DE_TWO, "DE");
        for (int w = 0; w < windows; w++) {
            f.point("AS" + DE_ONE, TRAFFIC, w, 100, 5);
            f.point("AS" + DE_TWO, TRAFFIC, w, 50, 3);
        }
    }

    @Test
    void shouldNotEmitAWindowThatMissesALatePartitionAndCountTheStragglerLate() {
        try (RollupFixture f = new RollupFixture()) {
            twoGermanNetworks(f, 2);
            f.point("AS" + DE_ONE, TRAFFIC, 2, 100, 5);
            assertThat(f.countryPoints()).extracting(CountryRollupTest::row).containsExactly(
                    "DE|" + TRAFFIC + "@" + window(0) + "=150.0/8", "DE|" + TRAFFIC + "@" + window(1) + "=150.0/8");
            // DE_TWO's partition falls behind: window 2 lacks it when the delay (one window) has passed, and a sum
            // without it would read as a drop: nothing is emitted, the window is counted incomplete
            f.point("AS" + DE_ONE, TRAFFIC, 3, 100, 5);
            f.point("AS" + DE_ONE, TRAFFIC, 4, 100, 5);
            assertThat(f.countryPoints()).isEmpty();
            assertThat(f.metric(CountryRollupProcessor.INCOMPLETE_WINDOWS + "-total")).isEqualTo(1.0);
            f.point("AS" + DE_TWO, TRAFFIC, 2, 50, 3);
            assertThat(f.metric(CountryRollupProcessor.LATE_POINTS + "-total")).isEqualTo(1.0);
            // one short window does not lower the expectation: window 3 waited for DE_TWO, and closes when it comes
            f.point("AS" + DE_TWO, TRAFFIC, 3, 50, 3);
            assertThat(f.countryPoints()).extracting(CountryRollupTest::row)
                    .containsExactly("DE|" + TRAFFIC + "@" + window(3) + "=150.0/8");
        }
    }

    @Test
    void shouldLowerTheExpectationWhenANetworkIsGoneForGood() {
        try (RollupFixture f = new RollupFixture()) {
            twoGermanNetworks(f, 1);
            f.point("AS" + DE_ONE, TRAFFIC, 1, 100, 5);
            // DE_TWO sends nothing more (stage 1 forgot it): short windows are withheld for a while, then the
            // country carries on with DE_ONE alone
            final int last = CountryWindows.RELEARN_WINDOWS + 6;
            for (int w = 2; w <= last; w++) {
                f.point("AS" + DE_ONE, TRAFFIC, w, 100, 5);
            }
            final List<String> rows = f.countryPoints().stream().map(CountryRollupTest::row).toList();
            assertThat(rows.get(0)).isEqualTo("DE|" + TRAFFIC + "@" + window(0) + "=150.0/8");
            assertThat(rows.subList(1, rows.size())).isNotEmpty().allMatch(r -> r.endsWith("=100.0/5"));
            assertThat(f.metric(CountryRollupProcessor.INCOMPLETE_WINDOWS + "-total")).isEqualTo(CountryWindows.RELEARN_WINDOWS - 1);
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
            assertThat(f.countryPoints()).as("service windows close by the service points' own stream time").isEmpty();
            f.point("AS" + DE_ONE + "/twitter.com", SERVICE, 2, 1.0, 3);

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
    void shouldNotTakeSparseServicePointsForLateWhileTrafficRunsAhead() {
        try (RollupFixture f = new RollupFixture()) {
            f.country(DE_ONE, "DE");
            // service tests an hour apart: stage 1 emits a service window when the next hour's test arrives, long
            // after the traffic points of the windows between
            f.point("AS" + DE_ONE + "/twitter.com", SERVICE, 0, 1.0, 3);
            for (int n = 0; n < 13; n++) {
                f.point("AS" + DE_ONE, TRAFFIC, n, 100, 5);
            }
            f.point("AS" + DE_ONE + "/twitter.com", SERVICE, 12, 1.0, 3);
            f.point("AS" + DE_ONE + "/twitter.com", SERVICE, 24, 1.0, 3);

            assertThat(f.countryPoints()).filteredOn(p -> p.getSignal().equals(SERVICE))
                    .extracting(CountryRollupTest::row).containsExactly(
                            "DE/twitter.com|" + SERVICE + "@" + window(0) + "=1.0/3",
                            "DE/twitter.com|" + SERVICE + "@" + window(12) + "=1.0/3");
            assertThat(f.metric(CountryRollupProcessor.LATE_POINTS + "-total")).isZero();
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
            f.point("AS" + DE_ONE, TRAFFIC, 2, 100, 5);

            assertThat(f.countryPoints()).extracting(CountryRollupTest::row)
                    .containsExactly("DE|" + TRAFFIC + "@" + window(0) + "=100.0/5");
            assertThat(f.metric(CountryKeyProcessor.NO_COUNTRY_POINTS + "-total")).isEqualTo(2.0);
        }
    }

    @Test
    void shouldCountALatePointAndKeepTheEmittedWindow() {
        try (RollupFixture f = new RollupFixture()) {
            f.country(DE_ONE, "DE");
            f.country(DE_TWO, "DE");
            f.point("AS" + DE_ONE, TRAFFIC, 0, 100, 5);
            f.point("AS" + DE_ONE, TRAFFIC, 2, 100, 5);
            assertThat(f.countryPoints()).extracting(CountryRollupTest::row)
                    .containsExactly("DE|" + TRAFFIC + "@" + window(0) + "=100.0/5");
            // a partition more than the delay behind: its window 0 was emitted already
            f.point("AS" + DE_TWO, TRAFFIC, 0, 50, 3);
            f.point("AS" + DE_ONE, TRAFFIC, 4, 100, 5);

            assertThat(f.metric(CountryRollupProcessor.LATE_POINTS + "-total")).isEqualTo(1.0);
            assertThat(f.countryPoints()).extracting(CountryRollupTest::row).containsExactly(
                    "DE|" + TRAFFIC + "@" + window(2) + "=100.0/5");
        }
    }
}
