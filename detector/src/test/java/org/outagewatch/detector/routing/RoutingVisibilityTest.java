package org.outagewatch.detector.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.testing.DetectorDriver;
import org.outagewatch.detector.testing.PointsOutput;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.RouteUpdate;
import org.outagewatch.schemas.RouteUpdateType;
import org.outagewatch.schemas.SignalPoint;

/**
 * The routing visibility stage in the whole detector topology: full-feed peers have more than
 * {@value #FULL_FEED_IPV4} IPv4 prefixes, so each of them carries {@link #FILLER} besides the prefixes under test.
 */
class RoutingVisibilityTest {
    private static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    private static final int FULL_FEED_IPV4 = 5;
    private static final String COLLECTOR = "rrc00";
    private static final List<String> FULL_PEERS = List.of("192.0.2.1", "192.0.2.2", "192.0.2.3");
    private static final String PARTIAL_PEER = "192.0.2.9";
    private static final long FILLER_ORIGIN = 64_999;
    private static final List<String> FILLER = List.of("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24",
            "10.0.4.0/24", "10.0.5.0/24");
    private static final long STABLE = 64_500;
    private static final long WITHDRAWN = 64_501;
    private static final long SHARED = 64_502;

    private DetectorDriver driver;
    private TestInputTopic<String, RouteUpdate> updates;
    private TestInputTopic<String, AsnInfo> places;
    private PointsOutput points;

    private void start(final int fullFeedIpv4) {
        driver = DetectorDriver.start("routing", Map.of("application.id", "routing-test",
                DetectorSettings.PREFIX + "routing-full-feed-ipv4", String.valueOf(fullFeedIpv4),
                DetectorSettings.PREFIX + "routing-full-feed-ipv6", "1000"), DetectorSettings::from, T0);
        updates = driver.input(driver.topics.routingUpdates());
        places = driver.input(driver.topics.asnMetadata());
        points = driver.points();
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static Instant at(final double minutes) {
        return T0.plusMillis(Math.round(minutes * 60_000));
    }

    private static RouteUpdate update(final RouteUpdateType type, final String peer, final String prefix,
                                      final Long origin, final Instant when) {
        return RouteUpdate.newBuilder()
                .setSource(MeasurementSource.BGP)
                .setCollector(COLLECTOR)
                .setPeerAsn(65_000)
                .setPeerAddress(peer)
                .setType(type)
                .setPrefix(prefix)
                .setOriginAsn(origin)
                .setAsPath(origin == null ? List.of() : List.of(65_000L, origin))
                .setObservedAt(when)
                .build();
    }

    private void pipe(final RouteUpdate update) {
        final String key = update.getPrefix() != null ? update.getPrefix() : "peer:" + update.getPeerAddress();
        updates.pipeInput(key, update, update.getObservedAt());
    }

    private void rib(final String peer, final String prefix, final long origin) {
        pipe(update(RouteUpdateType.RIB, peer, prefix, origin, at(0.5)));
    }

    /**
     * A RIB dump: three full-feed peers carry the filler, AS64500's /16 and /24 and its IPv6 /32, and AS64501's two
     * /24s; AS64502's /24 is seen by two of the three; a partial peer sees AS64503's /24 alone.
     */
    private void seedRib() {
        for (final String peer : FULL_PEERS) {
            FILLER.forEach(prefix -> rib(peer, prefix, FILLER_ORIGIN));
            rib(peer, "198.51.0.0/16", STABLE);
            rib(peer, "192.0.2.0/24", STABLE);
            rib(peer, "2001:db8::/32", STABLE);
            rib(peer, "203.0.112.0/24", WITHDRAWN);
            rib(peer, "203.0.113.0/24", WITHDRAWN);
        }
        rib(FULL_PEERS.get(0), "100.64.0.0/24", SHARED);
        rib(FULL_PEERS.get(1), "100.64.0.0/24", SHARED);
        rib(PARTIAL_PEER, "100.65.0.0/24", 64_503);
    }

    /** Moves stream time to {@code minutes} with an update that changes nothing visible. */
    private void tick(final double minutes) {
        pipe(update(RouteUpdateType.PEER_UP, PARTIAL_PEER, null, null, at(minutes)));
    }

    private Map<String, SignalPoint> window(final double startMinutes) {
        final Map<String, SignalPoint> byKey = new HashMap<>();
        for (final var record : points.readKeyValuesToList()) {
            if (record.value.getWindowStart().equals(at(startMinutes))) {
                byKey.put(record.key, record.value);
            }
        }
        return byKey;
    }

    private static String key(final long origin, final String signal) {
        return "AS" + origin + "|" + signal;
    }

    @Test
    void shouldCountVisibleSlash24sPerOriginFromARibOfSeveralPeers() {
        start(FULL_FEED_IPV4);
        seedRib();
        tick(5.5);

        final Map<String, SignalPoint> first = window(0);
        assertThat(first.get(key(STABLE, Prefixes.IPV4_SIGNAL)).getValue()).isEqualTo(257.0);
        assertThat(first.get(key(STABLE, Prefixes.IPV4_SIGNAL)).getCoverage()).as("full-feed peers").isEqualTo(3);
        assertThat(first.get(key(STABLE, Prefixes.IPV6_SIGNAL)).getValue()).isEqualTo(65_536.0);
        assertThat(first.get(key(WITHDRAWN, Prefixes.IPV4_SIGNAL)).getValue()).isEqualTo(2.0);
        assertThat(first.get(key(SHARED, Prefixes.IPV4_SIGNAL)).getValue()).as("2 of 3 peers").isEqualTo(1.0);
        assertThat(first.get(key(FILLER_ORIGIN, Prefixes.IPV4_SIGNAL)).getValue()).isEqualTo(FILLER.size());
        assertThat(first).as("seen only by a partial peer").doesNotContainKey(key(64_503, Prefixes.IPV4_SIGNAL));
        assertThat(first.get(key(STABLE, Prefixes.IPV4_SIGNAL)).getWindowEnd()).isEqualTo(at(5));
    }

    @Test
    void shouldDropAnOriginToZeroWhenItsPrefixesAreWithdrawn() {
        start(FULL_FEED_IPV4);
        seedRib();
        for (final String peer : FULL_PEERS) {
            pipe(update(RouteUpdateType.WITHDRAW, peer, "203.0.112.0/24", null, at(6)));
            pipe(update(RouteUpdateType.WITHDRAW, peer, "203.0.113.0/24", null, at(6.5)));
        }
        tick(10.5);
        tick(15.5);

        final List<SignalPoint> withdrawn = points.readValuesToList().stream()
                .filter(p -> p.getEntity().equals("AS" + WITHDRAWN)).toList();
        assertThat(withdrawn).extracting(SignalPoint::getValue).containsExactly(2.0, 0.0, 0.0);
        assertThat(withdrawn).extracting(SignalPoint::getWindowStart).containsExactly(at(0), at(5), at(10));
        assertThat(withdrawn).extracting(SignalPoint::getCoverage).containsExactly(3L, 3L, 3L);
    }

    @Test
    void shouldClearTheContributionsOfAPeerThatGoesDown() {
        start(FULL_FEED_IPV4);
        seedRib();
        pipe(update(RouteUpdateType.PEER_DOWN, FULL_PEERS.get(1), null, null, at(6)));
        tick(10.5);

        final Map<String, SignalPoint> second = window(5);
        assertThat(second.get(key(SHARED, Prefixes.IPV4_SIGNAL)).getValue()).as("1 of the 2 peers left").isZero();
        assertThat(second.get(key(STABLE, Prefixes.IPV4_SIGNAL)).getValue()).isEqualTo(257.0);
        assertThat(second.get(key(STABLE, Prefixes.IPV4_SIGNAL)).getCoverage()).isEqualTo(2);
    }

    @Test
    void shouldCountNothingWhenNoPeerReachesTheFullFeedThreshold() {
        start(FILLER.size() + 10);
        seedRib();
        tick(5.5);

        assertThat(points.readValuesToList()).isEmpty();
    }

    @Test
    void shouldCountLateUpdatesAndStillApplyThem() {
        start(FULL_FEED_IPV4);
        seedRib();
        tick(5.5);
        for (final String peer : FULL_PEERS) {
            pipe(update(RouteUpdateType.WITHDRAW, peer, "192.0.2.0/24", null, at(4)));
        }
        tick(10.5);

        assertThat(window(5).get(key(STABLE, Prefixes.IPV4_SIGNAL)).getValue()).isEqualTo(256.0);
        assertThat(metric(VisibilityProcessor.LATE_RECORDS + "-total")).isEqualTo(FULL_PEERS.size());
    }

    @Test
    void shouldSumTheVisibleSlash24sOfACountrysOrigins() {
        start(FULL_FEED_IPV4);
        place(STABLE, "DE");
        place(WITHDRAWN, "DE");
        place(SHARED, "FR");
        seedRib();
        for (final String peer : FULL_PEERS) {
            pipe(update(RouteUpdateType.WITHDRAW, peer, "203.0.112.0/24", null, at(6)));
            pipe(update(RouteUpdateType.WITHDRAW, peer, "203.0.113.0/24", null, at(6)));
        }
        tick(10.5);

        final List<SignalPoint> all = points.readValuesToList();
        assertThat(all.stream().filter(p -> p.getEntity().equals("DE") && p.getSignal().equals(Prefixes.IPV4_SIGNAL)))
                .as("AS64500's 257 and AS64501's 2, then AS64501 withdrawn")
                .extracting(SignalPoint::getValue).containsExactly(259.0, 257.0);
        assertThat(all.stream().filter(p -> p.getEntity().equals("DE") && p.getSignal().equals(Prefixes.IPV6_SIGNAL)))
                .extracting(SignalPoint::getValue).containsExactly(65_536.0, 65_536.0);
        assertThat(all).as("an origin without a country counts for none")
                .allSatisfy(p -> assertThat(p.getEntity()).isIn("DE", "FR", "AS" + STABLE, "AS" + WITHDRAWN,
                        "AS" + SHARED, "AS" + FILLER_ORIGIN));
    }

    @Test
    void shouldDropACountryToZeroWhenAllItsOriginsAreWithdrawn() {
        start(FULL_FEED_IPV4);
        place(SHARED, "FR");
        seedRib();
        for (final String peer : FULL_PEERS) {
            pipe(update(RouteUpdateType.WITHDRAW, peer, "100.64.0.0/24", null, at(6)));
        }
        tick(10.5);

        assertThat(points.readValuesToList().stream().filter(p -> p.getEntity().equals("FR")).toList())
                .extracting(SignalPoint::getValue).containsExactly(1.0, 0.0);
    }

    private void place(final long asn, final String country) {
        places.pipeInput("AS" + asn, AsnInfo.newBuilder().setAsn(asn).setName("AS" + asn).setCountry(country)
                .setSource("test").build(), T0);
    }

    private double metric(final String name) {
        return driver.metric(name);
    }
}
