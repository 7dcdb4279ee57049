package org.outagewatch.ingest.traffic;

import org.outagewatch.ingest.asn.PrefixTable;
import org.outagewatch.ingest.source.Fields;
import org.outagewatch.ingest.source.InvalidRecordException;

/** The ASN a traffic key names: {@code AS64512} or {@code 64512}, or a prefix or address mapped by a {@link PrefixTable}. */
final class EntityAsn {
    private EntityAsn() {
    }

    /**
     * The ASN of the key.
     *
     * @throws InvalidRecordException when the key is neither an ASN nor a prefix/address the table knows
     */
    static long of(final String key, final PrefixTable table) {
        if (key == null) {
            throw new InvalidRecordException("Field 'key' is missing");
        }
        final String digits = key.regionMatches(true, 0, "AS", 0, 2) ? key.substring(2) : key;
        if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit)) {
            final long asn = Long.parseLong(digits);
            if (asn <= 0 || asn > 0xFFFF_FFFFL) {
                throw new InvalidRecordException("Key '" + key + "' is not a valid ASN");
            }
            return asn;
        }
        final int slash = key.indexOf('/');
        final String address = slash < 0 ? key : key.substring(0, slash);
        if (address.indexOf('.') < 0 && address.indexOf(':') < 0) {
            throw new InvalidRecordException("Key '" + Fields.abbreviate(key) + "' is neither an ASN nor a prefix");
        }
        final long asn = table.lookup(address);
        if (asn == PrefixTable.NO_ASN) {
            throw new InvalidRecordException("Key '" + Fields.abbreviate(key) + "' is not covered by the prefix table");
        }
        return asn;
    }
}
