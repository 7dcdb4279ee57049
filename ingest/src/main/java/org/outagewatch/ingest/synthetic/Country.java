package org.outagewatch.ingest.synthetic;

import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A country of the synthetic world: its ISO 3166-1 alpha-2 code, a fixed UTC offset that places its daily
 * traffic curve (no daylight saving), its weekend days, and a few place names used to name its networks.
 */
public record Country(String code, ZoneOffset utcOffset, Set<DayOfWeek> weekend, List<String> places) {
    private static final Set<DayOfWeek> SAT_SUN = Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);

    public static final Country PAKISTAN = new Country("PK", ZoneOffset.ofHours(5), SAT_SUN,
            List.of("Karachi", "Lahore", "Indus", "Punjab", "Khyber"));
    public static final Country INDIA = new Country("IN", ZoneOffset.ofHoursMinutes(5, 30), SAT_SUN,
            List.of("Mumbai", "Deccan", "Ganga", "Bharat", "Chennai"));
    public static final Country IRAN = new Country("IR", ZoneOffset.ofHoursMinutes(3, 30), Set.of(DayOfWeek.FRIDAY),
            List.of("Tehran", "Pars", "Alborz", "Zagros", "Caspian"));
    public static final Country GERMANY = new Country("DE", ZoneOffset.ofHours(1), SAT_SUN,
            List.of("Rhein", "Spree", "Elbe", "Bayern", "Nord"));
    public static final Country BRAZIL = new Country("BR", ZoneOffset.ofHours(-3), SAT_SUN,
            List.of("Paulista", "Carioca", "Amazonia", "Cerrado", "Litoral"));
    public static final Country UNITED_STATES = new Country("US", ZoneOffset.ofHours(-5), SAT_SUN,
            List.of("Hudson", "Prairie", "Lakeshore", "Cascade", "Gulf"));
    public static final Country NIGERIA = new Country("NG", ZoneOffset.ofHours(1), SAT_SUN,
            List.of("Lagos", "Niger", "Benue", "Savannah", "Delta"));
    public static final Country INDONESIA = new Country("ID", ZoneOffset.ofHours(7), SAT_SUN,
            List.of("Java", "Sumatra", "Nusantara", "Borneo", "Bali"));

    /** The eight countries of the default world, spread over the time zones. */
    public static final List<Country> DEFAULTS = List.of(PAKISTAN, INDIA, IRAN, GERMANY, BRAZIL, UNITED_STATES,
            NIGERIA, INDONESIA);

    public Country {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(utcOffset, "utcOffset");
        if (!code.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("Country code must be ISO 3166-1 alpha-2, not '" + code + "'");
        }
        weekend = Set.copyOf(weekend);
        places = List.copyOf(places);
        if (places.isEmpty()) {
            throw new IllegalArgumentException("Country " + code + " needs at least one place name");
        }
    }

    /** One of the {@link #DEFAULTS} by its code. */
    public static Country byCode(final String code) {
        return DEFAULTS.stream().filter(c -> c.code.equalsIgnoreCase(code.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown synthetic country '" + code + "' (known: "
                        + String.join(",", DEFAULTS.stream().map(Country::code).toList()) + ")"));
    }
}
