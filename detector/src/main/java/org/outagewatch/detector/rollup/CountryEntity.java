package org.outagewatch.detector.rollup;

/**
 * An ASN entity split for the country rollup: {@code AS17557} (asn entity {@code AS17557}, no suffix) or
 * {@code AS17557/twitter.com} (suffix {@code /twitter.com}). {@link #in(String)} names the country's entity:
 * {@code PK}, {@code PK/twitter.com}.
 */
public record CountryEntity(String asnEntity, String suffix) {
    /** The parts of {@code entity}, or null unless it is {@code AS<digits>} with an optional {@code /<service>}. */
    public static CountryEntity parse(final String entity) {
        if (entity == null || !entity.startsWith("AS")) {
            return null;
        }
        final int slash = entity.indexOf('/');
        final int end = slash < 0 ? entity.length() : slash;
        if (end == 2 || end > 12) {
            return null;
        }
        for (int i = 2; i < end; i++) {
            if (!Character.isDigit(entity.charAt(i))) {
                return null;
            }
        }
        if (slash == entity.length() - 1) {
            return null;
        }
        return new CountryEntity(entity.substring(0, end), slash < 0 ? "" : entity.substring(slash));
    }

    /** The same entity for a country: {@code <country><suffix>}. */
    public String in(final String country) {
        return country + suffix;
    }
}
