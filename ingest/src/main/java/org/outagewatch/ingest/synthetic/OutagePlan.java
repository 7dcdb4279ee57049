package org.outagewatch.ingest.synthetic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The outages injected into a world, sorted by start then ASN. Outages of one ASN never overlap. A plan is
 * given explicitly ({@link #of}) or drawn from the world's seed ({@link #random}); {@link WorldSpec} checks
 * that it fits the world (known ASNs, after the warm-up, before the end).
 */
public record OutagePlan(List<Outage> outages) {
    /** The smallest quiet time between two random outages of the same ASN, so each can be told apart. */
    public static final Duration RANDOM_MIN_GAP = Duration.ofHours(2);
    /** Depths a random outage takes, each equally likely: full, and two partial ones. */
    static final double[] RANDOM_DEPTHS = {1.0, 1.0, 0.75, 0.5};
    private static final int ATTEMPTS_PER_OUTAGE = 200;

    private static final Comparator<Outage> ORDER = Comparator.comparing(Outage::start).thenComparingLong(Outage::asn);

    public OutagePlan {
        final List<Outage> sorted = new ArrayList<>(Objects.requireNonNull(outages, "outages"));
        sorted.sort(ORDER);
        final Map<Long, Outage> lastByAsn = new HashMap<>();
        for (final Outage outage : sorted) {
            final Outage previous = lastByAsn.put(outage.asn(), outage);
            if (previous != null && previous.end().isAfter(outage.start())) {
                throw new IllegalArgumentException("Outages of " + outage.entityId() + " overlap: " + previous.start()
                        + " .. " + previous.end() + " and " + outage.start() + " .. " + outage.end());
            }
        }
        outages = List.copyOf(sorted);
    }

    public static OutagePlan none() {
        return new OutagePlan(List.of());
    }

    public static OutagePlan of(final Outage... outages) {
        return new OutagePlan(List.of(outages));
    }

    /**
     * Draws {@code count} outages from the spec's seed: random ASNs, durations between the bounds (whole
     * minutes), start times on whole minutes after the warm-up, depths from {@link #RANDOM_DEPTHS}, at least
     * {@link #RANDOM_MIN_GAP} apart within one ASN. The spec's own outages are ignored.
     *
     * @throws IllegalArgumentException when the world is too small to place them
     */
    public static OutagePlan random(final WorldSpec spec, final int count, final int minMinutes, final int maxMinutes) {
        if (count < 0 || minMinutes < 1 || maxMinutes < minMinutes) {
            throw new IllegalArgumentException("Random outages need count >= 0 and 1 <= min minutes <= max minutes, not "
                    + count + ", " + minMinutes + ", " + maxMinutes);
        }
        final long firstMinute = Math.floorDiv(spec.warmUpEnd().plusSeconds(59).getEpochSecond(), 60);
        final long lastMinute = Math.floorDiv(spec.end().getEpochSecond(), 60);
        final SplittableRandom random = new SplittableRandom(Draws.mix(spec.seed() ^ 0x6F7574616765L));
        final List<Outage> placed = new ArrayList<>(count);
        int attempts = 0;
        while (placed.size() < count) {
            if (attempts++ > ATTEMPTS_PER_OUTAGE * Math.max(1, count)) {
                throw new IllegalArgumentException("Cannot place " + count + " outages of " + minMinutes + "-" + maxMinutes
                        + " minutes in " + spec.asnCount() + " ASNs between " + spec.warmUpEnd() + " and " + spec.end());
            }
            final int minutes = minMinutes + random.nextInt(maxMinutes - minMinutes + 1);
            final long latestStart = lastMinute - minutes;
            if (latestStart < firstMinute) {
                continue;
            }
            final long startMinute = firstMinute + random.nextLong(latestStart - firstMinute + 1);
            final long asn = SyntheticAsn.asnAt(random.nextInt(spec.asnCount()));
            final double depth = RANDOM_DEPTHS[random.nextInt(RANDOM_DEPTHS.length)];
            final Outage candidate = new Outage(asn, Instant.ofEpochSecond(startMinute * 60),
                    Instant.ofEpochSecond((startMinute + minutes) * 60), depth);
            if (placed.stream().noneMatch(o -> o.asn() == asn && tooClose(o, candidate))) {
                placed.add(candidate);
            }
        }
        return new OutagePlan(placed);
    }

    private static boolean tooClose(final Outage a, final Outage b) {
        return a.overlaps(b.start().minus(RANDOM_MIN_GAP), b.end().plus(RANDOM_MIN_GAP));
    }

    public int size() {
        return outages.size();
    }

    /** The outages that share at least one instant with [from, to). */
    public List<Outage> overlapping(final Instant from, final Instant to) {
        return outages.stream().filter(o -> o.overlaps(from, to)).toList();
    }

    /** The outages of one ASN, by start. */
    public List<Outage> forAsn(final long asn) {
        return outages.stream().filter(o -> o.asn() == asn).toList();
    }

    /** The outage of an ASN at an instant, if any. */
    public Outage at(final long asn, final Instant instant) {
        for (final Outage outage : outages) {
            if (outage.asn() == asn && outage.covers(instant)) {
                return outage;
            }
        }
        return null;
    }

    void checkFits(final int asnCount, final Instant earliest, final Instant latest) {
        for (final Outage outage : outages) {
            if (SyntheticAsn.indexOf(outage.asn(), asnCount) < 0) {
                throw new IllegalArgumentException("Outage names " + outage.entityId() + ", which is not in a world of "
                        + asnCount + " ASNs");
            }
            if (outage.start().isBefore(earliest)) {
                throw new IllegalArgumentException("Outage of " + outage.entityId() + " at " + outage.start()
                        + " starts before the warm-up ends at " + earliest);
            }
            if (outage.end().isAfter(latest)) {
                throw new IllegalArgumentException("Outage of " + outage.entityId() + " ends at " + outage.end()
                        + ", after the world ends at " + latest);
            }
        }
    }
}
