package org.outagewatch.ingest.bgp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.outagewatch.ingest.source.Fields;
import org.outagewatch.ingest.source.InvalidRecordException;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.Parsed;
import org.outagewatch.ingest.source.SourceItem;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.RouteUpdate;
import org.outagewatch.schemas.RouteUpdateType;

/**
 * Maps RIS Live messages (the JSON envelopes {@code {"type": ..., "data": {...}}} of RIPE NCC's RIS Live stream) to
 * {@link RouteUpdate}s keyed as {@link RouteUpdates#key}: a {@code ris_message} of type UPDATE gives one WITHDRAW per
 * withdrawn prefix, then one ANNOUNCE per announced prefix (a prefix listed under two next hops, RIS Live's way of
 * showing an MP_REACH's global and link-local next hop, counts once), with the AS path ({@code [a, b, [c, d]]}: the
 * inner array an AS_SET); an UPDATE with only {@code raw} bytes is decoded with {@link MrtDecoder#decodeMessage}.
 * RIS_PEER_STATE {@code connected}/{@code down} give PEER_UP/PEER_DOWN keyed {@code peer:<address>}. OPEN,
 * KEEPALIVE, NOTIFICATION, {@code ris_subscribe_ok} and {@code pong} carry no routing signal: no record, counted in
 * {@link #ignored()}. Everything else is rejected with the reason (it goes to the dead letters): a {@code ris_error},
 * an unknown envelope or message type, a missing field, an origin that is not igp/egp/incomplete, a malformed
 * aggregator, an address or prefix that is not one, a path that is not numbers, a time out of range. Collectors are
 * named without {@code .ripe.net}; addresses and prefixes are written as the MRT decoder writes them. Not
 * thread-safe (one per reader).
 */
public final class RisLiveParser implements Function<JsonNode, Parsed> {
    /** Message types that carry no routing signal. */
    public static final Set<String> IGNORED_MESSAGES = Set.of("OPEN", "KEEPALIVE", "NOTIFICATION");
    private static final String RIPE_SUFFIX = ".ripe.net";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final MrtDecoder decoder = new MrtDecoder();
    private final Map<String, Long> ignored = new TreeMap<>();

    /** Messages seen that carry no routing signal, by type. */
    public Map<String, Long> ignored() {
        return Map.copyOf(ignored);
    }

    /** One message's text as a source item: its JSON tree, or a bad item when it is not JSON. */
    public static SourceItem item(final Origin origin, final String text) {
        try {
            return new SourceItem.Value(origin, MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            return new SourceItem.Bad(origin, "Invalid JSON: " + e.getOriginalMessage(), e,
                    text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public Parsed apply(final JsonNode envelope) {
        if (!envelope.isObject()) {
            return Parsed.rejected("Not a RIS Live message: a JSON " + envelope.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        final String type = Fields.text(envelope, "type");
        final JsonNode data = envelope.get("data");
        if (type == null) {
            return Parsed.rejected("Not a RIS Live message: no 'type'");
        }
        switch (type) {
            case "ris_message" -> {
                if (data == null || !data.isObject()) {
                    return Parsed.rejected("ris_message without a 'data' object");
                }
                return message(data);
            }
            case "ris_error" -> {
                final String message = data == null ? null : Fields.text(data, "message");
                return Parsed.rejected("RIS Live error: " + (message == null ? "(no message)" : Fields.abbreviate(message)));
            }
            case "ris_subscribe_ok", "pong" -> {
                ignored.merge(type, 1L, Long::sum);
                return Parsed.of();
            }
            default -> {
                return Parsed.rejected("Unknown RIS Live message type '" + Fields.abbreviate(type) + "'");
            }
        }
    }

    private Parsed message(final JsonNode data) {
        final String type = Fields.text(data, "type");
        if (type == null) {
            return Parsed.rejected("ris_message without 'type'");
        }
        if (IGNORED_MESSAGES.contains(type)) {
            ignored.merge(type, 1L, Long::sum);
            return Parsed.of();
        }
        if (!type.equals("UPDATE") && !type.equals("RIS_PEER_STATE")) {
            return Parsed.rejected("Unknown ris_message type '" + Fields.abbreviate(type) + "'");
        }
        final Instant time = time(data);
        final String peer = address(Fields.text(data, "peer"), "peer");
        final long peerAsn = Fields.requiredLong(data, "peer_asn");
        if (peerAsn < 0 || peerAsn > 0xFFFFFFFFL) {
            return Parsed.rejected("Field 'peer_asn' is not an ASN: " + peerAsn);
        }
        final String host = Fields.text(data, "host");
        if (host == null) {
            return Parsed.rejected("Field 'host' (the collector) is missing");
        }
        final String collector = host.endsWith(RIPE_SUFFIX) ? host.substring(0, host.length() - RIPE_SUFFIX.length()) : host;
        final Function<RouteUpdateType, RouteUpdate.Builder> base = update -> RouteUpdate.newBuilder()
                .setSource(MeasurementSource.BGP).setCollector(collector).setPeerAsn(peerAsn).setPeerAddress(peer)
                .setObservedAt(time).setAsPath(List.of()).setType(update);
        if (type.equals("RIS_PEER_STATE")) {
            final String state = Fields.text(data, "state");
            final RouteUpdateType update = "connected".equals(state) ? RouteUpdateType.PEER_UP
                    : "down".equals(state) ? RouteUpdateType.PEER_DOWN : null;
            if (update == null) {
                return Parsed.rejected("Unknown RIS_PEER_STATE state '" + state + "'");
            }
            return Parsed.of(keyed(base.apply(update).build()));
        }
        return update(data, base, collector, peer, peerAsn, time);
    }

    private Parsed update(final JsonNode data, final Function<RouteUpdateType, RouteUpdate.Builder> base,
                          final String collector, final String peer, final long peerAsn, final Instant time) {
        final JsonNode announcements = data.get("announcements");
        final JsonNode withdrawals = data.get("withdrawals");
        if (announcements == null && withdrawals == null) {
            final String raw = Fields.text(data, "raw");
            if (raw == null) {
                return Parsed.rejected("UPDATE without announcements, withdrawals or raw bytes");
            }
            return raw(raw, collector, peer, peerAsn, time);
        }
        final String origin = Fields.text(data, "origin");
        if (origin != null && !origin.equalsIgnoreCase("igp") && !origin.equalsIgnoreCase("egp")
                && !origin.equalsIgnoreCase("incomplete")) {
            return Parsed.rejected("Unknown origin '" + Fields.abbreviate(origin) + "' (igp, egp or incomplete)");
        }
        final String aggregator = Fields.text(data, "aggregator");
        if (aggregator != null && !validAggregator(aggregator)) {
            return Parsed.rejected("Malformed aggregator '" + Fields.abbreviate(aggregator) + "' (ASN:IPv4 address)");
        }
        final List<Long> path = path(data.get("path"));
        final List<Keyed> records = new ArrayList<>();
        for (final String prefix : prefixes(withdrawals, "withdrawals")) {
            records.add(keyed(base.apply(RouteUpdateType.WITHDRAW).setPrefix(prefix).build()));
        }
        final Set<String> announced = new LinkedHashSet<>();
        if (announcements != null) {
            if (!announcements.isArray()) {
                throw new InvalidRecordException("Field 'announcements' is not an array");
            }
            for (final JsonNode announcement : announcements) {
                if (!announcement.isObject()) {
                    throw new InvalidRecordException("An announcement is not an object: " + Fields.abbreviate(announcement.toString()));
                }
                final String nextHop = Fields.text(announcement, "next_hop");
                if (nextHop != null) {
                    address(nextHop, "next_hop");
                }
                announced.addAll(prefixes(announcement.get("prefixes"), "prefixes"));
            }
        }
        if (!announced.isEmpty() && path.isEmpty()) {
            return Parsed.rejected("Announcement without an AS path");
        }
        final Long originAsn = path.isEmpty() ? null : path.get(path.size() - 1);
        for (final String prefix : announced) {
            records.add(keyed(base.apply(RouteUpdateType.ANNOUNCE).setPrefix(prefix).setOriginAsn(originAsn)
                    .setAsPath(path).build()));
        }
        return Parsed.of(records);
    }

    private Parsed raw(final String hex, final String collector, final String peer, final long peerAsn,
                       final Instant time) {
        final byte[] message;
        try {
            message = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return Parsed.rejected("Field 'raw' is not hex: " + Fields.abbreviate(hex));
        }
        final List<Keyed> records = new ArrayList<>();
        try {
            decoder.decodeMessage(message, time.getEpochSecond(), time.getNano() / 1000, peer, peerAsn, element -> {
                final RouteUpdate update = RouteUpdates.from(element, collector);
                if (update != null) {
                    records.add(keyed(update));
                }
            });
        } catch (MrtFormatException e) {
            return Parsed.rejected("Field 'raw': " + e.getMessage());
        }
        if (records.isEmpty() && message.length < 19) {
            return Parsed.rejected("Field 'raw' is " + message.length + " bytes, shorter than a BGP header");
        }
        return Parsed.of(records);
    }

    private static Instant time(final JsonNode data) {
        final JsonNode value = data.get("timestamp");
        if (value == null || !value.isNumber()) {
            throw new InvalidRecordException("Field 'timestamp' is missing or not a number");
        }
        final long millis = value.decimalValue().movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
        return Fields.checked("timestamp", Instant.ofEpochMilli(millis));
    }

    private static String address(final String text, final String field) {
        if (text == null) {
            throw new InvalidRecordException("Field '" + field + "' is missing");
        }
        try {
            return IpText.canonicalAddress(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException("Field '" + field + "' is " + e.getMessage());
        }
    }

    private static Set<String> prefixes(final JsonNode list, final String field) {
        final Set<String> prefixes = new LinkedHashSet<>();
        if (list == null || list.isNull()) {
            return prefixes;
        }
        if (!list.isArray()) {
            throw new InvalidRecordException("Field '" + field + "' is not an array");
        }
        for (final JsonNode prefix : list) {
            if (!prefix.isTextual()) {
                throw new InvalidRecordException("A prefix in '" + field + "' is not text: " + Fields.abbreviate(prefix.toString()));
            }
            try {
                prefixes.add(IpText.canonicalPrefix(prefix.asText()));
            } catch (IllegalArgumentException e) {
                throw new InvalidRecordException("Field '" + field + "' has " + e.getMessage());
            }
        }
        return prefixes;
    }

    /** The path flattened (an inner array is an AS_SET); RIS Live sends ASNs as numbers. */
    private static List<Long> path(final JsonNode path) {
        final List<Long> asns = new ArrayList<>();
        if (path == null || path.isNull()) {
            return asns;
        }
        if (!path.isArray()) {
            throw new InvalidRecordException("Field 'path' is not an array");
        }
        for (final JsonNode hop : path) {
            if (hop.isArray()) {
                for (final JsonNode member : hop) {
                    asns.add(asn(member));
                }
            } else {
                asns.add(asn(hop));
            }
        }
        return asns;
    }

    private static long asn(final JsonNode node) {
        if (!node.isIntegralNumber() || node.asLong() < 0 || node.asLong() > 0xFFFFFFFFL) {
            throw new InvalidRecordException("Field 'path' has a member that is not an ASN: " + Fields.abbreviate(node.toString()));
        }
        return node.asLong();
    }

    private static boolean validAggregator(final String text) {
        final int colon = text.indexOf(':');
        if (colon <= 0 || colon > 10) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        if (Long.parseLong(text.substring(0, colon)) > 0xFFFFFFFFL) {
            return false;
        }
        try {
            return IpText.canonicalAddress(text.substring(colon + 1)).indexOf(':') < 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Keyed keyed(final RouteUpdate update) {
        return new Keyed(RouteUpdates.key(update), update, update.getObservedAt());
    }
}
