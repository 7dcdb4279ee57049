package org.outagewatch.ingest.ooni;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.SourceItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OONI's blockpage and DNS-injection fingerprints ({@code fingerprints_http.json}, {@code fingerprints_dns.json}:
 * arrays of {@code {name, location_found, pattern_type, pattern}}): a match marks confirmed blocking. Consumes the
 * fingerprint files; produces {@link #dnsMatch} (a resolved address equal to a {@code dns}/{@code full} pattern) and
 * {@link #httpMatch} (a body that contains/equals/matches a {@code body} pattern, or a header named by
 * {@code header.<name>} that equals/starts with/contains its pattern, header names case-insensitive). Patterns of a
 * kind it does not know, and regular expressions Java cannot compile, are skipped and counted. Immutable.
 */
public final class OoniFingerprints {
    private static final Logger LOG = LoggerFactory.getLogger(OoniFingerprints.class);
    private static final String DNS = "dns";
    private static final String BODY = "body";
    private static final String HEADER = "header.";

    /** One HTTP fingerprint. */
    private record Http(String name, String location, String type, String pattern, Pattern regex) {
        boolean matches(final String text) {
            return switch (type) {
                case "full" -> text.equals(pattern);
                case "prefix" -> text.startsWith(pattern);
                case "contains" -> text.contains(pattern);
                case "regexp" -> regex.matcher(text).find();
                default -> false;
            };
        }
    }

    private final Set<String> dnsAddresses;
    private final List<Http> body;
    private final List<Http> headers;
    private final int skipped;

    private OoniFingerprints(final Set<String> dnsAddresses, final List<Http> body, final List<Http> headers,
                             final int skipped) {
        this.dnsAddresses = Set.copyOf(dnsAddresses);
        this.body = List.copyOf(body);
        this.headers = List.copyOf(headers);
        this.skipped = skipped;
    }

    /** No fingerprints: nothing is confirmed. */
    public static OoniFingerprints none() {
        return new OoniFingerprints(Set.of(), List.of(), List.of(), 0);
    }

    /** Loads fingerprint files (either kind, JSON arrays, gzip allowed); unreadable entries are skipped and counted. */
    public static OoniFingerprints load(final Path... files) {
        final JsonFileReader reader = new JsonFileReader();
        final List<JsonNode> nodes = new ArrayList<>();
        final int[] bad = {0};
        for (final Path file : files) {
            reader.read(file, item -> {
                if (item instanceof SourceItem.Value value) {
                    nodes.add(value.node());
                } else {
                    bad[0]++;
                    LOG.warn("Fingerprint input skipped at {}: {}", item.origin(), ((SourceItem.Bad) item).reason());
                }
            });
        }
        return of(nodes, bad[0]);
    }

    private static OoniFingerprints of(final List<JsonNode> nodes, final int unreadable) {
        final Set<String> dns = new HashSet<>();
        final List<Http> body = new ArrayList<>();
        final List<Http> headers = new ArrayList<>();
        int skipped = unreadable;
        for (final JsonNode node : nodes) {
            final String location = node.path("location_found").asText("");
            final String type = node.path("pattern_type").asText("");
            final String pattern = node.path("pattern").asText("");
            final String name = node.path("name").asText("");
            if (pattern.isEmpty()) {
                skipped++;
            } else if (DNS.equals(location) && "full".equals(type)) {
                dns.add(pattern);
            } else if ((BODY.equals(location) || location.startsWith(HEADER))
                    && Set.of("full", "prefix", "contains", "regexp").contains(type)) {
                Pattern regex = null;
                if ("regexp".equals(type)) {
                    try {
                        regex = Pattern.compile(pattern);
                    } catch (PatternSyntaxException e) {
                        LOG.warn("Fingerprint {} skipped: its regular expression does not compile in Java: {}", name,
                                e.getDescription());
                        skipped++;
                        continue;
                    }
                }
                final Http http = new Http(name, location.toLowerCase(Locale.ROOT), type, pattern, regex);
                (BODY.equals(location) ? body : headers).add(http);
            } else {
                skipped++;
            }
        }
        return new OoniFingerprints(dns, body, headers, skipped);
    }

    /** DNS fingerprints (addresses). */
    public int dnsCount() {
        return dnsAddresses.size();
    }

    /** HTTP fingerprints (body and header). */
    public int httpCount() {
        return body.size() + headers.size();
    }

    /** Entries not used (unknown kind, empty pattern, regular expression Java rejects). */
    public int skipped() {
        return skipped;
    }

    /** The fingerprint name when the resolved address is a known injected answer. */
    public Optional<String> dnsMatch(final String address) {
        return address != null && dnsAddresses.contains(address) ? Optional.of("dns:" + address) : Optional.empty();
    }

    /** The first body fingerprint the body matches. */
    public Optional<String> bodyMatch(final String responseBody) {
        if (responseBody == null || responseBody.isEmpty()) {
            return Optional.empty();
        }
        return body.stream().filter(fp -> fp.matches(responseBody)).map(Http::name).findFirst();
    }

    /** The first header fingerprint the header (name case-insensitive) matches. */
    public Optional<String> headerMatch(final String headerName, final String value) {
        if (value == null) {
            return Optional.empty();
        }
        final String location = HEADER + headerName.toLowerCase(Locale.ROOT);
        return headers.stream().filter(fp -> fp.location().equals(location) && fp.matches(value)).map(Http::name)
                .findFirst();
    }
}
