package org.outagewatch.detector.incident;

/** Where an ASN is registered: an ISO 3166-1 country and, when known, an ISO 3166-2 region (else null). */
public record AsnPlace(String country, String region) {
}
