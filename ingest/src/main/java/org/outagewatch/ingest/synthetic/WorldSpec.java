package org.outagewatch.ingest.synthetic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything that defines a synthetic world; with the same spec the world is the same, event for event.
 * Networks are spread round-robin over the countries and their parameters are drawn from the seed
 * ({@link #networks()}). The world runs over [start, end); nothing is injected during the warm-up at the
 * start, so a detector can learn its baselines first.
 *
 * @param seed the seed of every random draw
 * @param asnCount how many networks (ASNs)
 * @param countries the countries, in the order networks are dealt to them
 * @param start first instant of the world
 * @param end first instant after the world
 * @param probesPerAsn outside-in probe targets per network
 * @param trafficInterval length of one traffic counter interval (a multiple of the probe interval)
 * @param probeInterval how often each target is probed
 * @param warmUp time at the start without outages
 * @param outages the injected outages
 */
public record WorldSpec(long seed, int asnCount, List<Country> countries, Instant start, Instant end,
                        int probesPerAsn, Duration trafficInterval, Duration probeInterval, Duration warmUp,
                        OutagePlan outages) {

    public static final long DEFAULT_SEED = 42L;
    public static final int DEFAULT_ASNS = 60;
    /** A Monday, so that a default week starts with weekdays. */
    public static final Instant DEFAULT_START = Instant.parse("2024-03-04T00:00:00Z");
    public static final Duration DEFAULT_LENGTH = Duration.ofDays(7);
    public static final int DEFAULT_PROBES_PER_ASN = 3;
    public static final Duration DEFAULT_TRAFFIC_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_WARM_UP = Duration.ofDays(1);

    public WorldSpec {
        Objects.requireNonNull(countries, "countries");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(trafficInterval, "trafficInterval");
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(warmUp, "warmUp");
        Objects.requireNonNull(outages, "outages");
        countries = List.copyOf(countries);
        if (asnCount < 1) {
            throw new IllegalArgumentException("A world needs at least one ASN, not " + asnCount);
        }
        if (countries.isEmpty()) {
            throw new IllegalArgumentException("A world needs at least one country");
        }
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("World must end after it starts: " + start + " .. " + end);
        }
        if (probesPerAsn < 1) {
            throw new IllegalArgumentException("Probes per ASN must be at least 1, not " + probesPerAsn);
        }
        if (probeInterval.toMillis() < 1 || trafficInterval.toMillis() < 1) {
            throw new IllegalArgumentException("Intervals must be at least one millisecond");
        }
        if (trafficInterval.toMillis() % probeInterval.toMillis() != 0) {
            throw new IllegalArgumentException("Traffic interval " + trafficInterval
                    + " must be a whole multiple of the probe interval " + probeInterval);
        }
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("Warm-up must not be negative: " + warmUp);
        }
        outages.checkFits(asnCount, start.plus(warmUp), end);
    }

    /** The default world: 60 ASNs in 8 countries over one week from {@link #DEFAULT_START}, no outages. */
    public static WorldSpec defaults() {
        return new WorldSpec(DEFAULT_SEED, DEFAULT_ASNS, Country.DEFAULTS, DEFAULT_START,
                DEFAULT_START.plus(DEFAULT_LENGTH), DEFAULT_PROBES_PER_ASN, DEFAULT_TRAFFIC_INTERVAL,
                DEFAULT_PROBE_INTERVAL, DEFAULT_WARM_UP, OutagePlan.none());
    }

    /**
     * A large world for throughput benchmarks: {@code asns} networks over {@code length} from the default
     * start, default intervals, no outages. About asns x (probes + 0.2) events per simulated minute.
     */
    public static WorldSpec forBenchmark(final int asns, final Duration length) {
        return defaults().withAsnCount(asns).withPeriod(DEFAULT_START, DEFAULT_START.plus(length));
    }

    public WorldSpec withSeed(final long newSeed) {
        return new WorldSpec(newSeed, asnCount, countries, start, end, probesPerAsn, trafficInterval, probeInterval,
                warmUp, outages);
    }

    /** Same world with another number of ASNs; the outages are dropped (they may name ASNs that no longer exist). */
    public WorldSpec withAsnCount(final int newAsnCount) {
        return new WorldSpec(seed, newAsnCount, countries, start, end, probesPerAsn, trafficInterval, probeInterval,
                warmUp, OutagePlan.none());
    }

    public WorldSpec withCountries(final List<Country> newCountries) {
        return new WorldSpec(seed, asnCount, newCountries, start, end, probesPerAsn, trafficInterval, probeInterval,
                warmUp, outages);
    }

    /** Same world over another period; the outages are dropped (they may not fit it). */
    public WorldSpec withPeriod(final Instant newStart, final Instant newEnd) {
        return new WorldSpec(seed, asnCount, countries, newStart, newEnd, probesPerAsn, trafficInterval,
                probeInterval, warmUp, OutagePlan.none());
    }

    public WorldSpec withProbesPerAsn(final int newProbesPerAsn) {
        return new WorldSpec(seed, asnCount, countries, start, end, newProbesPerAsn, trafficInterval, probeInterval,
                warmUp, outages);
    }

    public WorldSpec withIntervals(final Duration newTrafficInterval, final Duration newProbeInterval) {
        return new WorldSpec(seed, asnCount, countries, start, end, probesPerAsn, newTrafficInterval,
                newProbeInterval, warmUp, outages);
    }

    public WorldSpec withWarmUp(final Duration newWarmUp) {
        return new WorldSpec(seed, asnCount, countries, start, end, probesPerAsn, trafficInterval, probeInterval,
                newWarmUp, outages);
    }

    public WorldSpec withOutages(final OutagePlan newOutages) {
        return new WorldSpec(seed, asnCount, countries, start, end, probesPerAsn, trafficInterval, probeInterval,
                warmUp, newOutages);
    }

    /** First instant at which an outage may start. */
    public Instant warmUpEnd() {
        return start.plus(warmUp);
    }

    /** The networks of this world, by index; drawn from the seed on each call. */
    public List<SyntheticAsn> networks() {
        final List<SyntheticAsn> out = new ArrayList<>(asnCount);
        for (int i = 0; i < asnCount; i++) {
            out.add(SyntheticAsn.draw(seed, i, countries.get(i % countries.size())));
        }
        return List.copyOf(out);
    }
}
