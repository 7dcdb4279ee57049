package org.outagewatch.detector.incident;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The denominators of one evaluation: which ASNs (and ASN, service pairs) were measured recently, and where. */
final class Measured {
    static final String UNKNOWN_COUNTRY = "unknown";

    /** country -> asn -> normal traffic volume (0 when the ASN has no traffic series). */
    private final Map<String, Map<Long, Double>> networks = new HashMap<>();
    /** country -> region -> asns. */
    private final Map<String, Map<String, Set<Long>>> regions = new HashMap<>();
    /** service -> country -> asns. */
    private final Map<String, Map<String, Set<Long>>> services = new HashMap<>();
    private Measured() {
    }

    static Measured of(final Map<String, SeriesFact> series, final AsnDirectory directory, final long since) {
        final Measured m = new Measured();
        for (final SeriesFact s : series.values()) {
            if (s.lastWindowEnd() < since) {
                continue;
            }
            final EntityId id = EntityId.parse(s.entity());
            if (id.asn() < 0) {
                continue;
            }
            final AsnPlace place = directory.place(id.asn());
            final String country = place == null || place.country() == null ? UNKNOWN_COUNTRY : place.country();
            if (id.isService()) {
                m.services.computeIfAbsent(id.service(), x -> new TreeMap<>())
                        .computeIfAbsent(country, x -> new TreeSet<>()).add(id.asn());
                continue;
            }
            final double weight = IncidentClassifier.TRAFFIC_SIGNAL.equals(s.signal()) ? s.weight() : 0.0;
            m.networks.computeIfAbsent(country, x -> new TreeMap<>()).merge(id.asn(), weight, Math::max);
            if (place != null && place.region() != null) {
                m.regions.computeIfAbsent(country, x -> new TreeMap<>())
                        .computeIfAbsent(place.region(), x -> new TreeSet<>()).add(id.asn());
            }
        }
        return m;
    }

    /** The share of the measured ASNs of a country (or of one of its regions) that {@code failing} makes, by count and weight. */
    Share share(final String country, final String region, final SortedSet<Long> failing) {
        final Map<Long, Double> all = new TreeMap<>(networks.getOrDefault(country, Map.of()));
        if (region != null) {
            final Set<Long> inRegion = regions.getOrDefault(country, Map.of()).getOrDefault(region, Set.of());
            all.keySet().retainAll(inRegion);
        }
        for (final long asn : failing) {
            all.putIfAbsent(asn, 0.0);
        }
        final boolean weighted = all.values().stream().allMatch(w -> w > 0);
        double total = 0;
        double down = 0;
        int failingCount = 0;
        for (final Map.Entry<Long, Double> e : all.entrySet()) {
            final double w = weighted ? e.getValue() : 1.0;
            total += w;
            if (failing.contains(e.getKey())) {
                down += w;
                failingCount++;
            }
        }
        final double countShare = all.isEmpty() ? 0 : (double) failingCount / all.size();
        return new Share(all.size(), countShare, total == 0 ? 0 : down / total, weighted);
    }

    /** The failing ASN of a country with the most normal traffic (the first by number when none has a volume). */
    long heaviest(final String country, final SortedSet<Long> failing) {
        final Map<Long, Double> weights = networks.getOrDefault(country, Map.of());
        long best = failing.first();
        for (final long asn : failing) {
            if (weights.getOrDefault(asn, 0.0) > weights.getOrDefault(best, 0.0)) {
                best = asn;
            }
        }
        return best;
    }

    /** How many networks measured this service in this country (all countries when null). */
    int serviceNetworks(final String service, final String country) {
        final Map<String, Set<Long>> byCountry = services.getOrDefault(service, Map.of());
        if (country != null) {
            return byCountry.getOrDefault(country, Set.of()).size();
        }
        return byCountry.values().stream().mapToInt(Set::size).sum();
    }
}
