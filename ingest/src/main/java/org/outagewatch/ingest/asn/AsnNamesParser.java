package org.outagewatch.ingest.asn;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.schemas.AsnInfo;

/**
 * pyasn's AS-names file ({@code asnames.json}: {@code {"<asn>": "<NAME> <descr>, <CC>"}}) to {@link AsnInfo}
 * keyed {@code AS<asn>}: the name is the text before the last {@code ", CC"}, the country that two-letter code
 * (null when the text does not end in one, or for {@code ZZ}). AS0 is reserved and rejected. One JSON document yields every ASN; an entry whose key is not an
 * AS number or whose value is not text is reported, not published.
 */
public final class AsnNamesParser {
    public static final String SOURCE = "pyasn-asnames";
    /** The code pyasn gives reserved and unassigned ASNs; read as no country. */
    public static final String UNKNOWN_COUNTRY = "ZZ";
    private static final Pattern WITH_COUNTRY = Pattern.compile("^(.*),\\s*([A-Z]{2})$");

    /** The records of a document and the entries that could not be used. */
    public record Result(List<Keyed> records, List<String> rejected) {
    }

    private AsnNamesParser() {
    }

    /**
     * Parses the whole document.
     *
     * @param asOf the event time of the records (the file's date: metadata has no time of its own)
     */
    public static Result parse(final JsonNode document, final Instant asOf) {
        final List<Keyed> records = new ArrayList<>(document.size());
        final List<String> rejected = new ArrayList<>();
        final Iterator<Map.Entry<String, JsonNode>> fields = document.fields();
        while (fields.hasNext()) {
            final Map.Entry<String, JsonNode> entry = fields.next();
            final long asn;
            try {
                asn = Long.parseLong(entry.getKey().strip().replaceFirst("^(?i)AS", ""));
            } catch (NumberFormatException e) {
                rejected.add("Key '" + entry.getKey() + "' is not an AS number");
                continue;
            }
            if (!entry.getValue().isTextual() || asn <= 0 || asn > 0xffffffffL) {
                rejected.add("AS" + entry.getKey() + ": the name is not text or the number is out of range");
                continue;
            }
            final String text = entry.getValue().asText().strip();
            final Matcher matcher = WITH_COUNTRY.matcher(text);
            final String name = matcher.matches() ? matcher.group(1).strip() : text;
            final String country = matcher.matches() && !UNKNOWN_COUNTRY.equals(matcher.group(2)) ? matcher.group(2) : null;
            records.add(new Keyed("AS" + asn, new AsnInfo(asn, name, country, null, SOURCE), asOf));
        }
        return new Result(records, rejected);
    }

}
