package org.outagewatch.deploy.console;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.outagewatch.schemas.AlertSeverity;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentKind;
import org.outagewatch.schemas.OutageAlert;

/**
 * Which alerts and incidents {@code watch} shows. Every given criterion must hold; an absent one (null or empty)
 * lets everything through.
 *
 * <ul>
 *   <li>{@code entity}: an alert on that entity or on a service of it ({@code AS17557} matches
 *       {@code AS17557/twitter.com}); an incident with that ASN, country or service in scope;</li>
 *   <li>{@code country}: an alert on that country, a region or service of it, or an ASN the {@code asn-metadata}
 *       topic places in it; an incident with that country in scope;</li>
 *   <li>{@code kinds}: incidents of those kinds; alerts have no kind and are not shown when kinds are given;</li>
 *   <li>{@code minSeverity}: on the incidents' 0-100 scale, where an alert counts as
 *       {@value #WARNING_SEVERITY} (WARNING) or {@value #CRITICAL_SEVERITY} (CRITICAL).</li>
 * </ul>
 *
 * @param entity an entity id, or null
 * @param country an ISO 3166-1 alpha-2 code, or null
 * @param kinds incident kinds, or empty
 * @param minSeverity 0-100
 * @param asnCountries ASN -> country, for the country of an ASN's alerts
 */
public record FeedFilter(String entity, String country, Set<IncidentKind> kinds, int minSeverity,
                         Map<Long, String> asnCountries) {
    public static final int WARNING_SEVERITY = 0;
    public static final int CRITICAL_SEVERITY = 50;
    private static final Pattern ASN = Pattern.compile("AS(\\d+)");

    public FeedFilter {
        kinds = Set.copyOf(kinds);
        asnCountries = Map.copyOf(asnCountries);
        if (minSeverity < 0 || minSeverity > 100) {
            throw new IllegalArgumentException("--min-severity must be WARNING, CRITICAL or 0-100, not " + minSeverity);
        }
    }

    /** Everything passes. */
    public static FeedFilter all() {
        return new FeedFilter(null, null, Set.of(), 0, Map.of());
    }

    /** {@code WARNING} (0), {@code CRITICAL} (50) or a number 0-100. */
    public static int parseSeverity(final String text) {
        final String t = text.strip().toUpperCase(Locale.ROOT);
        if (t.equals(AlertSeverity.WARNING.name())) {
            return WARNING_SEVERITY;
        }
        if (t.equals(AlertSeverity.CRITICAL.name())) {
            return CRITICAL_SEVERITY;
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--min-severity must be WARNING, CRITICAL or 0-100, not '" + text + "'", e);
        }
    }

    /** Whether an event passes. */
    public boolean test(final FeedEvent event) {
        if (event instanceof FeedEvent.AlertEvent a) {
            return test(a.alert());
        }
        return test(((FeedEvent.IncidentEvent) event).incident());
    }

    public boolean test(final OutageAlert alert) {
        if (!kinds.isEmpty()) {
            return false;
        }
        final int severity = alert.getSeverity() == AlertSeverity.CRITICAL ? CRITICAL_SEVERITY : WARNING_SEVERITY;
        if (severity < minSeverity) {
            return false;
        }
        final String on = alert.getEntity();
        if (entity != null && !(on.equals(entity) || on.startsWith(entity + "/"))) {
            return false;
        }
        return country == null || inCountry(on);
    }

    public boolean test(final Incident incident) {
        if (!kinds.isEmpty() && !kinds.contains(incident.getKind())) {
            return false;
        }
        if (incident.getSeverity() < minSeverity) {
            return false;
        }
        if (country != null && !incident.getCountries().contains(country)) {
            return false;
        }
        return entity == null || inScope(incident);
    }

    private boolean inCountry(final String on) {
        final String base = on.contains("/") ? on.substring(0, on.indexOf('/')) : on;
        if (base.equals(country) || base.startsWith(country + "-")) {
            return true;
        }
        final Matcher asn = ASN.matcher(base);
        return asn.matches() && country.equals(asnCountries.get(Long.parseLong(asn.group(1))));
    }

    private boolean inScope(final Incident incident) {
        final int slash = entity.indexOf('/');
        final String base = slash < 0 ? entity : entity.substring(0, slash);
        if (slash >= 0 && !incident.getServices().contains(entity.substring(slash + 1))) {
            return false;
        }
        final Matcher asn = ASN.matcher(base);
        if (asn.matches()) {
            return incident.getAsns().contains(Long.parseLong(asn.group(1)));
        }
        return incident.getCountries().contains(base);
    }
}
