package org.outagewatch.detector.incident;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.outagewatch.schemas.FailureMode;
import org.outagewatch.schemas.IncidentKind;

/**
 * Stage 3's rules, in plain Java: groups the open alerts into {@link Cluster}s and names their kind.
 *
 * <ol>
 *   <li>Connectivity alerts (entity {@code AS<asn>}, any signal) are grouped per country. A country whose failing
 *       ASNs make at least {@link FusionRules#nationalShare()} of its measured ASNs by count AND by their normal
 *       traffic volume (when every measured ASN has one) is a {@code NATIONAL_SHUTDOWN}: a few big networks down
 *       among many measured ones is not a shutdown, nor are many small ones carrying little traffic; else a region
 *       meeting the same test is a {@code REGIONAL_OUTAGE}; every other ASN is its own {@code NETWORK_OUTAGE}, more
 *       agreeing signals giving a higher severity. Service alerts on an ASN that is down join its cluster.</li>
 *   <li>Service alerts (entity {@code AS<asn>/<service>}) on ASNs whose connectivity is normal are grouped per
 *       service: if the controls fail too, or the service fails on most measured networks of
 *       {@link FusionRules#platformCountries()} or more countries, it is a {@code PLATFORM_OUTAGE}. Otherwise the
 *       failures are grouped per country, across services: {@code SERVICE_BLOCKING} with the dominant failure mode,
 *       or {@code UNKNOWN} when there is neither a control nor a vantage elsewhere to tell blocked from down.</li>
 * </ol>
 * Country-level alerts (a country's pooled series: {@code PK}, {@code PK/twitter.com}) are evidence too: a country's
 * service alerts count like a network's (and alone give SERVICE_BLOCKING when only the pooled tests show it); its
 * connectivity alerts join its national cluster or the network outage of its heaviest failing ASN, and with no failing
 * ASN make an {@code UNKNOWN} {@code country:<CC>} cluster, never a shutdown.
 * Measured series (seen within {@link FusionRules#measuredHorizonMillis()}) give the denominators. Everything is
 * iterated in sorted order, so the same input gives the same clusters.
 */
public final class IncidentClassifier {
    public static final String TRAFFIC_SIGNAL = "traffic.volume";
    public static final String CONTROL_MEASURED = "control.measured";
    public static final String CONTROL_FAILED = "control.failed";
    /** The key prefix of a cluster made of a country's own connectivity alerts only. */
    public static final String POOLED_ONLY = "country:";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC on' yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final FusionRules rules;

    public IncidentClassifier(final FusionRules rules) {
        this.rules = rules;
    }

    /**
     * The clusters of the open alerts at stream time {@code now}.
     *
     * @param alerts every alert stage 3 holds (closed ones are ignored)
     * @param series the measured series, by {@code <entity>|<signal>}
     */
    public List<Cluster> classify(final Collection<AlertFact> alerts, final Map<String, SeriesFact> series,
                                  final AsnDirectory directory, final long now) {
        final SortedMap<Long, List<AlertFact>> connectivity = new TreeMap<>();
        final SortedMap<String, SortedMap<Long, List<AlertFact>>> services = new TreeMap<>();
        final SortedMap<String, List<AlertFact>> countryConnectivity = new TreeMap<>();
        final SortedMap<String, SortedMap<String, List<AlertFact>>> countryServices = new TreeMap<>();
        for (final AlertFact alert : sorted(alerts)) {
            final EntityId id = EntityId.parse(alert.entity());
            if (!alert.open()) {
                continue;
            }
            if (id.asn() < 0) {
                // country and region series: the pooled tests or volume of a country's networks
                final String country = EntityId.countryOf(alert.entity());
                if (country != null && id.isService()) {
                    countryServices.computeIfAbsent(id.service(), s -> new TreeMap<>())
                            .computeIfAbsent(country, c -> new ArrayList<>()).add(alert);
                } else if (country != null) {
                    countryConnectivity.computeIfAbsent(country, c -> new ArrayList<>()).add(alert);
                }
                continue;
            }
            if (id.isService()) {
                services.computeIfAbsent(id.service(), s -> new TreeMap<>()).computeIfAbsent(id.asn(), a -> new ArrayList<>()).add(alert);
            } else {
                connectivity.computeIfAbsent(id.asn(), a -> new ArrayList<>()).add(alert);
            }
        }
        final Measured measured = Measured.of(series, directory, now - rules.measuredHorizonMillis());
        final List<Cluster> clusters = new ArrayList<>();
        final Map<Long, List<AlertFact>> networkGroups = connectivityClusters(connectivity, services, countryConnectivity,
                countryServices, measured, directory, clusters);
        serviceClusters(services, countryServices, connectivity, measured, series, directory, clusters);
        networkGroups.forEach((asn, facts) -> clusters.add(network(asn, facts, directory)));
        countryConnectivity.forEach((country, facts) -> clusters.add(pooledOnly(country, facts, directory)));
        clusters.sort((a, b) -> a.key().compareTo(b.key()));
        return clusters;
    }

    /** Adds national and regional clusters; returns the ASNs left as single-network outages. */
    /**
     * Adds national and regional clusters; returns the ASNs left as single-network outages. A country's own
     * connectivity alerts (its pooled series) join its national cluster, or else the network outage of its failing
     * ASN with the most traffic (a big network down moves the country's total too); they are removed from
     * {@code countryConnectivity}, which keeps those of countries where no ASN fails. A country's service alerts
     * join its national cluster too (a service cannot be reached in a country that is offline).
     */
    private Map<Long, List<AlertFact>> connectivityClusters(final SortedMap<Long, List<AlertFact>> connectivity,
                                                            final SortedMap<String, SortedMap<Long, List<AlertFact>>> services,
                                                            final SortedMap<String, List<AlertFact>> countryConnectivity,
                                                            final SortedMap<String, SortedMap<String, List<AlertFact>>> countryServices,
                                                            final Measured measured, final AsnDirectory directory,
                                                            final List<Cluster> out) {
        final SortedMap<Long, List<AlertFact>> singles = new TreeMap<>();
        final SortedMap<String, SortedSet<Long>> byCountry = new TreeMap<>();
        for (final Map.Entry<Long, List<AlertFact>> e : connectivity.entrySet()) {
            final List<AlertFact> facts = new ArrayList<>(e.getValue());
            // a service failing on a network that is down is explained by the network
            services.values().forEach(perAsn -> {
                final List<AlertFact> serviceFacts = perAsn.get(e.getKey());
                if (serviceFacts != null) {
                    facts.addAll(serviceFacts);
                }
            });
            singles.put(e.getKey(), facts);
            final AsnPlace place = directory.place(e.getKey());
            if (place != null && place.country() != null) {
                byCountry.computeIfAbsent(place.country(), c -> new TreeSet<>()).add(e.getKey());
            }
        }
        for (final Map.Entry<String, SortedSet<Long>> e : byCountry.entrySet()) {
            final String country = e.getKey();
            final SortedSet<Long> failing = e.getValue();
            final Share national = measured.share(country, null, failing);
            final List<AlertFact> pooled = countryConnectivity.remove(country);
            if (failing.size() >= rules.minNationalAsns() && national.atLeast(rules.nationalShare())) {
                final List<AlertFact> extra = new ArrayList<>(pooled == null ? List.of() : pooled);
                countryServices.values().forEach(perCountry -> {
                    final List<AlertFact> serviceFacts = perCountry.remove(country);
                    if (serviceFacts != null) {
                        extra.addAll(serviceFacts);
                    }
                });
                singles.computeIfAbsent(failing.first(), a -> new ArrayList<>()).addAll(extra);
                out.add(area(IncidentKind.NATIONAL_SHUTDOWN, "national:" + country, country, null, failing, national, singles, directory));
                continue;
            }
            if (pooled != null) {
                singles.get(measured.heaviest(country, failing)).addAll(pooled);
            }
            final SortedMap<String, SortedSet<Long>> byRegion = new TreeMap<>();
            for (final long asn : failing) {
                final AsnPlace place = directory.place(asn);
                if (place.region() != null) {
                    byRegion.computeIfAbsent(place.region(), r -> new TreeSet<>()).add(asn);
                }
            }
            for (final Map.Entry<String, SortedSet<Long>> r : byRegion.entrySet()) {
                final Share regional = measured.share(country, r.getKey(), r.getValue());
                if (r.getValue().size() >= rules.minRegionalAsns() && regional.atLeast(rules.regionalShare())) {
                    out.add(area(IncidentKind.REGIONAL_OUTAGE, "regional:" + r.getKey(), country, r.getKey(), r.getValue(),
                            regional, singles, directory));
                }
            }
        }
        return singles;
    }

    private Cluster area(final IncidentKind kind, final String key, final String country, final String region,
                         final SortedSet<Long> failing, final Share share, final Map<Long, List<AlertFact>> singles,
                         final AsnDirectory directory) {
        final List<AlertFact> facts = new ArrayList<>();
        for (final long asn : failing) {
            facts.addAll(singles.remove(asn));
        }
        final Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("measuredAsns", Integer.toString(share.measured()));
        evidence.put("failingAsns", Integer.toString(failing.size()));
        evidence.put("failingShare", String.format(Locale.ROOT, "%.2f", share.countShare()));
        evidence.put("failingWeightShare", String.format(Locale.ROOT, "%.2f", share.weightShare()));
        evidence.put("weightedBy", share.weighted() ? "normal traffic volume" : "ASN count");
        evidence.put("signals", String.join(",", signals(facts)));
        final long start = start(facts);
        final String where = region == null ? country : "region " + region + " of " + country;
        final String explanation = String.format(Locale.ROOT,
                "Connectivity lost on %d of %d measured networks in %s since %s (%.0f%% of them, %.0f%% weighted by %s), "
                        + "seen on %s; %s, so this is a %s.",
                failing.size(), share.measured(), where, TIME.format(Instant.ofEpochMilli(start)), 100 * share.countShare(),
                100 * share.weightShare(),
                evidence.get("weightedBy"), String.join(" and ", signals(facts)),
                region == null ? "a large share of the country at once" : "the networks of one region at once",
                region == null ? "national shutdown" : "regional outage");
        return build(key, kind, null, facts, new TreeSet<>(failing), country(country), evidence, explanation, directory);
    }

    /**
     * A country whose pooled connectivity series alert while none of its measured networks does: the loss is real
     * but spread too thin to name the networks, so the kind is UNKNOWN, never a national shutdown.
     */
    private Cluster pooledOnly(final String country, final List<AlertFact> facts, final AsnDirectory directory) {
        final List<String> signals = signals(facts);
        final double depth = facts.stream().mapToDouble(f -> Math.max(0, Math.min(1, 1 - f.score()))).max().orElse(0);
        final Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("signals", String.join(",", signals));
        evidence.put("failingAsns", "0");
        evidence.put("pooledDrop", String.format(Locale.ROOT, "%.2f", depth));
        evidence.put("missing", "a measured network of " + country + " that alerts on its own");
        final String explanation = String.format(Locale.ROOT,
                "Connectivity of %s as a whole (its networks pooled) down %.0f%% since %s, seen on %s; no single "
                        + "measured network of %s alerts, so which networks lost it, and whether this is a shutdown, "
                        + "is unknown.",
                country, 100 * depth, TIME.format(Instant.ofEpochMilli(start(facts))), String.join(" and ", signals),
                country);
        return build(POOLED_ONLY + country, IncidentKind.UNKNOWN, null, facts, new TreeSet<>(), country(country),
                evidence, explanation, directory);
    }

    private Cluster network(final long asn, final List<AlertFact> facts, final AsnDirectory directory) {
        final List<String> signals = signals(facts.stream()
                .filter(f -> !EntityId.parse(f.entity()).isService() && EntityId.parse(f.entity()).asn() >= 0).toList());
        final List<String> pooled = signals(facts.stream()
                .filter(f -> !EntityId.parse(f.entity()).isService() && EntityId.parse(f.entity()).asn() < 0).toList());
        final Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("agreeingSignals", Integer.toString(signals.size()));
        evidence.put("signals", String.join(",", signals));
        if (!pooled.isEmpty()) {
            evidence.put("countrySignals", String.join(",", pooled));
        }
        final AsnPlace place = directory.place(asn);
        final String where = place == null || place.country() == null ? "an ASN of unknown country" : place.country();
        final String explanation = String.format(Locale.ROOT,
                "Network AS%d (%s) lost connectivity since %s, seen on %d signal%s (%s); other networks of its country "
                        + "are not affected enough for a national or regional incident, so this is a network outage%s.",
                asn, where, TIME.format(Instant.ofEpochMilli(start(facts))), signals.size(), signals.size() == 1 ? "" : "s",
                String.join(", ", signals), pooled.isEmpty() ? ""
                        : " (the country's pooled " + String.join(" and ", pooled) + " dropped with it)");
        return build("network:AS" + asn, IncidentKind.NETWORK_OUTAGE, null, facts, new TreeSet<>(List.of(asn)),
                place == null || place.country() == null ? new TreeSet<>() : country(place.country()), evidence,
                explanation, directory);
    }

    /**
     * Adds platform, blocking and unknown clusters. A country's own service alerts (the tests of its networks
     * pooled, {@code PK/twitter.com}) count like a network's: their controls count, the country counts as one where
     * the service mostly fails, and they join the country's blocking cluster. Sparse tests (OONI's few per network
     * and hour) often show blocking only there.
     */
    private void serviceClusters(final SortedMap<String, SortedMap<Long, List<AlertFact>>> services,
                                 final SortedMap<String, SortedMap<String, List<AlertFact>>> countryServices,
                                 final SortedMap<Long, List<AlertFact>> connectivity, final Measured measured,
                                 final Map<String, SeriesFact> series, final AsnDirectory directory,
                                 final List<Cluster> out) {
        final SortedMap<String, List<AlertFact>> blockedByCountry = new TreeMap<>();
        final SortedSet<String> allServices = new TreeSet<>(services.keySet());
        countryServices.forEach((service, byCountry) -> {
            if (!byCountry.isEmpty()) {
                allServices.add(service);
            }
        });
        for (final String service : allServices) {
            final SortedMap<String, Integer> failing = new TreeMap<>();
            final SortedSet<String> pooledFailing = new TreeSet<>();
            final List<AlertFact> facts = new ArrayList<>();
            long controls = 0;
            long controlFailures = 0;
            for (final Map.Entry<Long, List<AlertFact>> a : services.getOrDefault(service, new TreeMap<>()).entrySet()) {
                if (connectivity.containsKey(a.getKey())) {
                    continue;
                }
                facts.addAll(a.getValue());
                failing.merge(countryOf(a.getKey(), directory), 1, Integer::sum);
                final Map<String, Long> breakdown = breakdown(series, a.getValue());
                controls += breakdown.getOrDefault(CONTROL_MEASURED, 0L);
                controlFailures += breakdown.getOrDefault(CONTROL_FAILED, 0L);
            }
            for (final Map.Entry<String, List<AlertFact>> c
                    : countryServices.getOrDefault(service, new TreeMap<>()).entrySet()) {
                facts.addAll(c.getValue());
                pooledFailing.add(c.getKey());
                if (!failing.containsKey(c.getKey())) {
                    // the pooled counts are the sum of the networks' counts: count them only where no network alerts
                    final Map<String, Long> breakdown = breakdown(series, c.getValue());
                    controls += breakdown.getOrDefault(CONTROL_MEASURED, 0L);
                    controlFailures += breakdown.getOrDefault(CONTROL_FAILED, 0L);
                }
            }
            if (facts.isEmpty()) {
                continue;
            }
            final SortedSet<String> affected = new TreeSet<>(pooledFailing);
            pooledFailing.forEach(country -> failing.putIfAbsent(country, 0));
            failing.forEach((country, count) -> {
                if (2 * count >= measured.serviceNetworks(service, country)) {
                    affected.add(country);
                }
            });
            final boolean controlsFail = controls > 0 && controlFailures >= rules.platformControlShare() * controls;
            if (controlsFail || affected.size() >= rules.platformCountries()) {
                out.add(platform(service, facts, failing, affected, controls, controlFailures, controlsFail, measured, directory));
            } else {
                for (final AlertFact fact : facts) {
                    final long asn = EntityId.parse(fact.entity()).asn();
                    blockedByCountry.computeIfAbsent(asn < 0 ? EntityId.countryOf(fact.entity()) : countryOf(asn, directory),
                            c -> new ArrayList<>()).add(fact);
                }
            }
        }
        blockedByCountry.forEach((country, facts) -> out.add(blocking(country, facts, measured, series, directory)));
    }

    private Cluster platform(final String service, final List<AlertFact> facts, final SortedMap<String, Integer> failing,
                             final SortedSet<String> affected, final long controls, final long controlFailures,
                             final boolean controlsFail, final Measured measured, final AsnDirectory directory) {
        final int failingNetworks = failing.values().stream().mapToInt(Integer::intValue).sum();
        final Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("failingNetworks", Integer.toString(failingNetworks));
        evidence.put("measuredNetworks", Integer.toString(measured.serviceNetworks(service, null)));
        evidence.put("countriesFailing", Integer.toString(failing.size()));
        evidence.put("countriesMostlyFailing", Integer.toString(affected.size()));
        evidence.put("controlTests", Long.toString(controls));
        evidence.put("controlFailures", Long.toString(controlFailures));
        final String explanation = String.format(Locale.ROOT,
                "%s unreachable from %d measured networks in %d countr%s since %s; %s; connectivity normal on these "
                        + "networks, so the service itself is down: a platform outage, not blocking.",
                service, failingNetworks, failing.size(), failing.size() == 1 ? "y" : "ies",
                TIME.format(Instant.ofEpochMilli(start(facts))),
                controlsFail ? String.format(Locale.ROOT, "the control vantages fail too (%d of %d control tests)",
                        controlFailures, controls)
                        : String.format(Locale.ROOT, "it fails on most measured networks of %d countries at once",
                        affected.size()));
        final SortedSet<Long> asns = new TreeSet<>();
        facts.stream().mapToLong(f -> EntityId.parse(f.entity()).asn()).filter(a -> a >= 0).forEach(asns::add);
        final SortedSet<String> countries = new TreeSet<>(failing.keySet());
        countries.remove(Measured.UNKNOWN_COUNTRY);
        return build("platform:" + service, IncidentKind.PLATFORM_OUTAGE, null, facts, asns, countries, evidence,
                explanation, directory);
    }

    private Cluster blocking(final String country, final List<AlertFact> facts, final Measured measured,
                             final Map<String, SeriesFact> series, final AsnDirectory directory) {
        final SortedSet<String> services = new TreeSet<>();
        final SortedSet<Long> asns = new TreeSet<>();
        final List<AlertFact> networkFacts = new ArrayList<>();
        for (final AlertFact fact : facts) {
            final EntityId id = EntityId.parse(fact.entity());
            services.add(id.service());
            if (id.asn() >= 0) {
                asns.add(id.asn());
                networkFacts.add(fact);
            }
        }
        // the pooled counts are the sum of the networks' counts: the evidence when no network alerts on its own
        final boolean pooledOnly = networkFacts.isEmpty();
        final Map<String, Long> breakdown = breakdown(series, pooledOnly ? facts : networkFacts);
        final long controls = breakdown.getOrDefault(CONTROL_MEASURED, 0L);
        final long controlFailures = breakdown.getOrDefault(CONTROL_FAILED, 0L);
        int measuredHere = 0;
        int measuredElsewhere = 0;
        for (final String service : services) {
            measuredHere = Math.max(measuredHere, measured.serviceNetworks(service, country));
            measuredElsewhere = Math.max(measuredElsewhere, measured.serviceNetworks(service, null)
                    - measured.serviceNetworks(service, country));
        }
        final EnumMap<FailureMode, Long> modes = new EnumMap<>(FailureMode.class);
        breakdown.forEach((name, count) -> {
            final FailureMode mode = FailureModes.of(name);
            if (mode != null) {
                modes.merge(mode, count, Long::sum);
            }
        });
        final Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("measuredNetworks", Integer.toString(measuredHere));
        evidence.put("failingNetworks", Integer.toString(asns.size()));
        evidence.put("countryAlerts", Long.toString(facts.size() - networkFacts.size()));
        evidence.put("measuredNetworksElsewhere", Integer.toString(measuredElsewhere));
        evidence.put("controlTests", Long.toString(controls));
        evidence.put("controlFailures", Long.toString(controlFailures));
        evidence.put("connectivityAlerts", "0");
        modes.forEach((mode, count) -> evidence.put("failedTests." + mode.name(), Long.toString(count)));
        final String list = FailureModes.joinNames(List.copyOf(services));
        final String since = TIME.format(Instant.ofEpochMilli(start(facts)));
        final String where = pooledOnly
                ? String.format(Locale.ROOT, "when the tests of the %d measured networks in %s are pooled (no single "
                        + "network has tests enough to show it)", measuredHere, country)
                : String.format(Locale.ROOT, "on %d of %d measured networks in %s", asns.size(), measuredHere, country);
        if (controls == 0 && measuredElsewhere == 0) {
            evidence.put("missing", "control measurements and vantages outside " + country);
            final String explanation = String.format(Locale.ROOT,
                    "%s unreachable %s since %s, with connectivity normal; no control "
                            + "measurement and no vantage outside %s tested %s, so blocking cannot be told from the "
                            + "service being down: unknown until controls or other countries are measured.",
                    list, where, since, country, services.size() == 1 ? "it" : "them");
            return build("unknown:" + country, IncidentKind.UNKNOWN, null, facts, asns, country(country), evidence,
                    explanation, directory);
        }
        final FailureMode mode = FailureModes.dominant(modes);
        final String explanation = String.format(Locale.ROOT,
                "%s blocked %s since %s; reachable from %s and from %d measured "
                        + "networks elsewhere; connectivity normal; %s.",
                list, where, since,
                controlFailures == 0 ? "every control (" + controls + " control tests)"
                        : String.format(Locale.ROOT, "%d of %d control tests", controls - controlFailures, controls),
                measuredElsewhere, FailureModes.describe(mode, modes));
        return build("blocking:" + country, IncidentKind.SERVICE_BLOCKING, mode, facts, asns, country(country), evidence,
                explanation, directory);
    }

    private Cluster build(final String key, final IncidentKind kind, final FailureMode mode, final List<AlertFact> facts,
                          final SortedSet<Long> asns, final SortedSet<String> countries, final Map<String, String> evidence,
                          final String explanation, final AsnDirectory directory) {
        final SortedSet<String> alertIds = new TreeSet<>();
        final SortedSet<String> services = new TreeSet<>();
        final SortedMap<String, Double> areaBySignal = new TreeMap<>();
        double depth = 0;
        long lastEnd = Long.MIN_VALUE;
        for (final AlertFact fact : facts) {
            alertIds.add(fact.alertId());
            final EntityId id = EntityId.parse(fact.entity());
            if (id.isService()) {
                services.add(id.service());
            }
            areaBySignal.merge(fact.signal(), fact.area(), Double::sum);
            depth += Math.max(0, Math.min(1, 1 - fact.score()));
            lastEnd = Math.max(lastEnd, fact.endedAt());
        }
        double ioda = 1;
        for (final double area : areaBySignal.values()) {
            ioda *= area;
        }
        evidence.put("alerts", Integer.toString(facts.size()));
        final double breadth = switch (kind) {
            case NATIONAL_SHUTDOWN -> 1.0;
            case PLATFORM_OUTAGE -> 0.9;
            case REGIONAL_OUTAGE -> 0.8;
            case SERVICE_BLOCKING -> 0.7;
            case NETWORK_OUTAGE -> Math.min(0.8, 0.5 + 0.1 * (Integer.parseInt(evidence.get("agreeingSignals")) - 1));
            default -> 0.3;
        };
        final int severity = (int) Math.round(Math.max(0, Math.min(100, 100 * breadth * depth / facts.size())));
        return new Cluster(key, kind, mode, severity, facts.isEmpty() ? null : ioda, alertIds, asns, countries, services,
                start(facts), lastEnd, Map.copyOf(evidence), explanation);
    }

    private static Map<String, Long> breakdown(final Map<String, SeriesFact> series, final List<AlertFact> facts) {
        final Map<String, Long> total = new TreeMap<>();
        for (final AlertFact fact : facts) {
            final SeriesFact s = series.get(fact.entity() + "|" + fact.signal());
            if (s != null) {
                s.breakdown().forEach((name, count) -> total.merge(name, count, Long::sum));
            }
        }
        return total;
    }

    private static String countryOf(final long asn, final AsnDirectory directory) {
        final AsnPlace place = directory.place(asn);
        return place == null || place.country() == null ? Measured.UNKNOWN_COUNTRY : place.country();
    }

    private static SortedSet<String> country(final String country) {
        return new TreeSet<>(List.of(country));
    }

    private static long start(final List<AlertFact> facts) {
        return facts.stream().mapToLong(AlertFact::startedAt).min().orElse(0L);
    }

    private static List<String> signals(final List<AlertFact> facts) {
        return List.copyOf(new TreeSet<>(facts.stream().map(AlertFact::signal).toList()));
    }

    private static List<AlertFact> sorted(final Collection<AlertFact> alerts) {
        final List<AlertFact> list = new ArrayList<>(alerts);
        list.sort((a, b) -> a.alertId().compareTo(b.alertId()));
        return list;
    }
}
