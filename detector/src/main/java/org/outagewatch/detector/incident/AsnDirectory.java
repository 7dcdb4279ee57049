package org.outagewatch.detector.incident;

/** Looks up where an ASN is (from the asn-metadata topic in the detector; a map in tests). */
@FunctionalInterface
public interface AsnDirectory {
    /** The place of this ASN, or null when unknown. */
    AsnPlace place(long asn);
}
