package org.outagewatch.detector.incident;

/**
 * An entity id split into its ASN and optional service: {@code AS15399} or {@code AS17557/twitter.com}. Country
 * and region entities ({@code PK}, {@code PK-PB}) give an ASN of -1.
 */
public record EntityId(long asn, String service) {
    public static EntityId parse(final String entity) {
        final int slash = entity.indexOf('/');
        final String network = slash < 0 ? entity : entity.substring(0, slash);
        final String service = slash < 0 ? null : entity.substring(slash + 1);
        long asn = -1;
        if (network.startsWith("AS") && network.length() > 2) {
            try {
                asn = Long.parseLong(network.substring(2));
            } catch (final NumberFormatException e) {
                asn = -1;
            }
        }
        return new EntityId(asn, service);
    }

    /**
     * The country of a country or region entity ({@code PK}, {@code PK-PB}, {@code PK/twitter.com}), or null for ASN
     * entities and anything else (such as {@code feed/...}).
     */
    public static String countryOf(final String entity) {
        final int slash = entity.indexOf('/');
        final String area = slash < 0 ? entity : entity.substring(0, slash);
        return area.matches("[A-Z]{2}(-[A-Z0-9]{1,3})?") ? area.substring(0, 2) : null;
    }

    public boolean isService() {
        return service != null;
    }

    /** The entity of the alert with this id ({@code <entity>|<signal>|<startedAt>}). */
    public static String entityOfAlert(final String alertId) {
        final int bar = alertId.indexOf('|');
        return bar < 0 ? alertId : alertId.substring(0, bar);
    }
}
