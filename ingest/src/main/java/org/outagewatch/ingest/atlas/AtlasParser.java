package org.outagewatch.ingest.atlas;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.outagewatch.ingest.asn.PrefixTable;
import org.outagewatch.ingest.source.Fields;
import org.outagewatch.ingest.source.InvalidRecordException;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Parsed;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.ConnectionEventType;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.ProbeMethod;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;

/**
 * RIPE Atlas results, of every firmware generation (0, 1 and 4xxx), to {@link ProbeResult}s, and probe connection
 * events (built-in measurement 7000) to {@link ConnectionEvent}s. Pure: {@link #parse} maps one JSON object.
 *
 * <p>Results: ping (outcome OK when a reply came back, rtt = the average, else the smallest reply; strings or
 * numbers as the firmware wrote them), traceroute (OK when the last hop's replies include the destination, rtt =
 * its smallest; ICMP unreachable flags give UNREACHABLE), dns (one result per resolver of a {@code resultset};
 * an {@code error} with {@code timeout} gives TIMEOUT, other errors DNS_FAILURE), http (the fw 0/1 text format
 * {@code "GET4 <addr> <seconds> <status> ..."} and the structured list; one result per entry), sslcert (DNS_FAILURE
 * on {@code dnserr}, TLS_FAILURE or TIMEOUT on {@code err}) and ntp (method OTHER, rtt in ms).
 *
 * <p>Vantage: the probe's ASN and country from the probe metadata ({@link ProbeDirectory}); without it, the ASN
 * of the probe's public address ({@code from}) in the prefix table; 0 when neither knows. Target ASN: the
 * target address in the prefix table. <b>Key</b>: {@code AS<target ASN>} when the target's network is known
 * (an Atlas result is an outside-in reachability test of the target), else {@code AS<vantage ASN>} (a probe
 * whose own network is down fails every test, so the result informs the probe's network); a result with
 * neither is rejected. An rtt outside [0, {@value #MAX_RTT_MILLIS}] ms is absurd and rejected.
 *
 * <p>Connection events: key {@code AS<asn>}, the ASN from the event (an int, a string, or empty in the 2011
 * dumps) or else from the probe metadata; an event with no ASN at all is rejected with that reason.
 */
public final class AtlasParser {
    /** The built-in measurement of probe connections and disconnections. */
    public static final long CONNECTION_MSM = 7000;
    /** The largest plausible rtt: 5 minutes. */
    public static final double MAX_RTT_MILLIS = 300_000;
    /** The target of an fw 0/1 http result that failed before naming its address. */
    public static final String UNKNOWN_TARGET = "unknown";

    private final ProbeDirectory probes;
    private final PrefixTable table;

    public AtlasParser(final ProbeDirectory probes, final PrefixTable table) {
        this.probes = probes == null ? ProbeDirectory.empty() : probes;
        this.table = table == null ? PrefixTable.builder().build() : table;
    }

    /** One test's outcome before the vantage and key are added. */
    private record Test(String target, Integer af, ProbeMethod method, ProbeOutcome outcome, Double rtt) {
    }

    /** Maps one Atlas result or connection event. */
    public Parsed parse(final JsonNode node) {
        if (!node.isObject()) {
            return Parsed.rejected("Not a RIPE Atlas result object but " + node.getNodeType());
        }
        final String type = Fields.text(node, "type");
        final Long msm = Fields.optionalLong(node, "msm_id");
        if ("connection".equals(type) || type == null && msm != null && msm == CONNECTION_MSM) {
            return connection(node);
        }
        if (type == null) {
            return Parsed.rejected("No 'type' in a RIPE Atlas result");
        }
        final List<Test> tests = switch (type) {
            case "ping" -> List.of(ping(node));
            case "traceroute" -> List.of(traceroute(node));
            case "dns" -> dns(node);
            case "http" -> http(node);
            case "sslcert" -> List.of(sslcert(node));
            case "ntp" -> List.of(ntp(node));
            default -> null;
        };
        if (tests == null) {
            return Parsed.rejected("Unsupported RIPE Atlas result type '" + Fields.abbreviate(type) + "'");
        }
        final long probe = Fields.requiredLong(node, "prb_id");
        final Instant at = Fields.epochSeconds(node, "timestamp");
        final List<Keyed> records = new ArrayList<>(tests.size());
        for (final Test test : tests) {
            final Keyed keyed = result(node, probe, msm, at, test);
            if (keyed == null) {
                return Parsed.rejected("No ASN for target '" + Fields.abbreviate(test.target()) + "' nor for probe " + probe
                        + ": give probe metadata or a prefix table that covers one of them");
            }
            records.add(keyed);
        }
        return Parsed.of(records);
    }

    private Keyed result(final JsonNode node, final long probe, final Long msm, final Instant at, final Test test) {
        if (test.rtt() != null && (test.rtt() < 0 || test.rtt() > MAX_RTT_MILLIS || test.rtt().isNaN())) {
            throw new InvalidRecordException("Absurd rtt " + test.rtt() + " ms (outside 0.." + (long) MAX_RTT_MILLIS + ")");
        }
        final Long nodeAf = Fields.optionalLong(node, "af");
        final int af = test.af() != null ? test.af() : nodeAf != null ? nodeAf.intValue() : test.target().indexOf(':') >= 0 ? 6 : 4;
        final ProbeInfo info = probes.get(probe);
        long vantage = info == null ? 0 : info.asn(af);
        if (vantage <= 0) {
            vantage = table.lookup(Fields.text(node, "from"));
        }
        final long targetAsn = table.lookup(test.target());
        if (targetAsn <= 0 && vantage <= 0) {
            return null;
        }
        final ProbeResult value = ProbeResult.newBuilder()
                .setSource(MeasurementSource.RIPE_ATLAS)
                .setMeasurementId(msm == null ? null : msm.toString())
                .setProbeId(Long.toString(probe))
                .setVantageAsn(vantage)
                .setVantageCountry(info == null ? null : info.country())
                .setTarget(test.target())
                .setTargetAsn(targetAsn > 0 ? targetAsn : null)
                .setMethod(test.method())
                .setOutcome(test.outcome())
                .setRttMillis(test.rtt())
                .setMeasuredAt(at)
                .build();
        return new Keyed("AS" + (targetAsn > 0 ? targetAsn : vantage), value, at);
    }

    private static String target(final JsonNode node) {
        for (final String field : new String[] {"dst_addr", "addr", "dst_name"}) {
            final String value = Fields.text(node, field);
            if (value != null) {
                return value;
            }
        }
        throw new InvalidRecordException("No target: none of 'dst_addr', 'addr', 'dst_name'");
    }

    private static Test ping(final JsonNode node) {
        final String target = target(node);
        final JsonNode replies = node.get("result");
        Long received = Fields.optionalLong(node, "rcvd");
        Double smallest = null;
        String error = null;
        if (replies != null && replies.isArray()) {
            long count = 0;
            for (final JsonNode reply : replies) {
                final Double rtt = reply.isObject() ? Fields.optionalDouble(reply, "rtt") : null;
                if (rtt != null) {
                    count++;
                    smallest = smallest == null ? rtt : Math.min(smallest, rtt);
                }
                if (reply.isObject() && reply.has("error")) {
                    error = reply.get("error").asText();
                }
            }
            if (received == null) {
                received = count;
            }
        }
        if (received == null) {
            throw new InvalidRecordException("A ping result without 'rcvd' or 'result'");
        }
        if (received > 0) {
            final Double average = Fields.optionalDouble(node, "avg");
            final Double rtt = average != null && average >= 0 ? average : smallest;
            return new Test(target, null, ProbeMethod.PING, ProbeOutcome.OK, rtt);
        }
        return new Test(target, null, ProbeMethod.PING, failure(error, ProbeOutcome.ERROR), null);
    }

    private static Test traceroute(final JsonNode node) {
        final String target = target(node);
        final JsonNode hops = node.get("result");
        if (hops == null || !hops.isArray()) {
            throw new InvalidRecordException("A traceroute result without a 'result' list of hops");
        }
        String error = null;
        boolean unreachable = false;
        Double rtt = null;
        boolean reached = false;
        for (int i = 0; i < hops.size(); i++) {
            final JsonNode hop = hops.get(i);
            if (hop.has("error")) {
                error = hop.get("error").asText();
            }
            final JsonNode replies = hop.get("result");
            if (replies == null || !replies.isArray()) {
                continue;
            }
            for (final JsonNode reply : replies) {
                final String err = Fields.text(reply, "err");
                if (err != null && "HNAPhnap".contains(err) && err.length() == 1) {
                    unreachable = true;
                }
                if (i == hops.size() - 1 && target.equals(Fields.text(reply, "from"))) {
                    reached = true;
                    final Double value = Fields.optionalDouble(reply, "rtt");
                    if (value != null) {
                        rtt = rtt == null ? value : Math.min(rtt, value);
                    }
                }
            }
        }
        if (reached) {
            return new Test(target, null, ProbeMethod.TRACEROUTE, ProbeOutcome.OK, rtt);
        }
        if (error != null) {
            return new Test(target, null, ProbeMethod.TRACEROUTE, failure(error, ProbeOutcome.ERROR), null);
        }
        return new Test(target, null, ProbeMethod.TRACEROUTE, unreachable ? ProbeOutcome.UNREACHABLE : ProbeOutcome.TIMEOUT,
                null);
    }

    private static List<Test> dns(final JsonNode node) {
        final JsonNode set = node.get("resultset");
        if (set != null && set.isArray()) {
            final List<Test> tests = new ArrayList<>(set.size());
            for (final JsonNode sub : set) {
                tests.add(dnsOne(sub, node));
            }
            if (tests.isEmpty()) {
                throw new InvalidRecordException("A dns result with an empty 'resultset'");
            }
            return tests;
        }
        return List.of(dnsOne(node, node));
    }

    private static Test dnsOne(final JsonNode sub, final JsonNode parent) {
        String target = Fields.text(sub, "dst_addr");
        if (target == null) {
            target = Fields.text(parent, "dst_addr");
        }
        if (target == null) {
            target = Fields.text(parent, "dst_name");
        }
        if (target == null) {
            target = "local-resolver";
        }
        final Long af = Fields.optionalLong(sub, "af");
        final Integer family = af == null ? null : af.intValue();
        final JsonNode result = sub.get("result");
        if (result != null && result.isObject()) {
            return new Test(target, family, ProbeMethod.DNS, ProbeOutcome.OK, Fields.optionalDouble(result, "rt"));
        }
        final JsonNode error = sub.get("error");
        if (error != null && !error.isNull()) {
            final ProbeOutcome outcome = error.has("timeout") ? ProbeOutcome.TIMEOUT : ProbeOutcome.DNS_FAILURE;
            return new Test(target, family, ProbeMethod.DNS, outcome, null);
        }
        throw new InvalidRecordException("A dns result with neither 'result' nor 'error'");
    }

    private static List<Test> http(final JsonNode node) {
        final JsonNode result = node.get("result");
        if (result != null && result.isArray()) {
            final List<Test> tests = new ArrayList<>(result.size());
            for (final JsonNode entry : result) {
                String target = Fields.text(entry, "dst_addr");
                if (target == null) {
                    target = Fields.text(entry, "addr");
                }
                if (target == null) {
                    target = Fields.text(node, "uri") == null ? UNKNOWN_TARGET : Fields.text(node, "uri");
                }
                final Long af = Fields.optionalLong(entry, "af");
                final String err = Fields.text(entry, "err");
                final Long status = Fields.optionalLong(entry, "res");
                final ProbeOutcome outcome = err != null ? failure(err, ProbeOutcome.HTTP_FAILURE)
                        : status != null && status >= 200 && status < 400 ? ProbeOutcome.OK : ProbeOutcome.HTTP_FAILURE;
                tests.add(new Test(target, af == null ? null : af.intValue(), ProbeMethod.HTTP, outcome,
                        outcome == ProbeOutcome.OK ? Fields.optionalDouble(entry, "rt") : null));
            }
            if (tests.isEmpty()) {
                throw new InvalidRecordException("An http result with an empty 'result'");
            }
            return tests;
        }
        String line = result != null && result.isTextual() ? result.asText() : null;
        if (line == null) {
            line = Fields.text(node, "src_addr");
        }
        if (line == null) {
            throw new InvalidRecordException("An http result without 'result'");
        }
        final String[] tokens = line.strip().split("\\s+");
        if (tokens.length >= 4 && tokens[0].startsWith("GET")) {
            try {
                final long status = Long.parseLong(tokens[3]);
                final double seconds = Double.parseDouble(tokens[2]);
                final boolean ok = status >= 200 && status < 400;
                return List.of(new Test(tokens[1], tokens[0].endsWith("6") ? 6 : 4, ProbeMethod.HTTP,
                        ok ? ProbeOutcome.OK : ProbeOutcome.HTTP_FAILURE, ok ? seconds * 1000 : null));
            } catch (NumberFormatException e) {
                throw new InvalidRecordException("An fw 1 http result that is not 'GETn addr seconds status ...': '"
                        + Fields.abbreviate(line) + "'");
            }
        }
        return List.of(new Test(UNKNOWN_TARGET, null, ProbeMethod.HTTP, failure(line, ProbeOutcome.HTTP_FAILURE), null));
    }

    private static Test sslcert(final JsonNode node) {
        final String dnsError = Fields.text(node, "dnserr");
        String target = Fields.text(node, "dst_addr");
        if (target == null) {
            target = Fields.text(node, "dst_name");
        }
        if (target == null) {
            target = UNKNOWN_TARGET;
        }
        if (dnsError != null) {
            return new Test(target, null, ProbeMethod.TLS, ProbeOutcome.DNS_FAILURE, null);
        }
        final JsonNode error = node.has("err") ? node.get("err") : node.get("error");
        if (error != null && !error.isNull()) {
            return new Test(target, null, ProbeMethod.TLS, failure(error.toString(), ProbeOutcome.TLS_FAILURE), null);
        }
        Double rtt = Fields.optionalDouble(node, "rt");
        if (rtt == null) {
            rtt = Fields.optionalDouble(node, "ttc");
        }
        return new Test(target, null, ProbeMethod.TLS, ProbeOutcome.OK, rtt);
    }

    private static Test ntp(final JsonNode node) {
        final String target = target(node);
        final JsonNode replies = node.get("result");
        if (replies == null || !replies.isArray()) {
            throw new InvalidRecordException("An ntp result without a 'result' list");
        }
        Double smallest = null;
        String error = null;
        for (final JsonNode reply : replies) {
            final Double seconds = Fields.optionalDouble(reply, "rtt");
            if (seconds != null) {
                smallest = smallest == null ? seconds : Math.min(smallest, seconds);
            }
            if (reply.has("error")) {
                error = reply.get("error").asText();
            }
        }
        if (smallest != null) {
            return new Test(target, null, ProbeMethod.OTHER, ProbeOutcome.OK, smallest * 1000);
        }
        return new Test(target, null, ProbeMethod.OTHER, failure(error, ProbeOutcome.ERROR), null);
    }

    /** The outcome an error text describes; {@code otherwise} when it names nothing known; TIMEOUT when null. */
    static ProbeOutcome failure(final String error, final ProbeOutcome otherwise) {
        if (error == null) {
            return ProbeOutcome.TIMEOUT;
        }
        final String text = error.toLowerCase(Locale.ROOT);
        if (text.contains("timeout") || text.contains("timed out")) {
            return ProbeOutcome.TIMEOUT;
        }
        if (text.contains("unreachable")) {
            return ProbeOutcome.UNREACHABLE;
        }
        if (text.contains("name resolution") || text.contains("dns") || text.contains("getaddrinfo")) {
            return ProbeOutcome.DNS_FAILURE;
        }
        if (text.contains("connect") || text.contains("refused") || text.contains("reset")) {
            return ProbeOutcome.TCP_FAILURE;
        }
        return otherwise;
    }

    private Parsed connection(final JsonNode node) {
        final long probe = Fields.requiredLong(node, "prb_id");
        final Instant at = Fields.epochSeconds(node, "timestamp");
        final String event = Fields.text(node, "event");
        final ConnectionEventType type;
        if ("connect".equals(event)) {
            type = ConnectionEventType.CONNECT;
        } else if ("disconnect".equals(event)) {
            type = ConnectionEventType.DISCONNECT;
        } else {
            return Parsed.rejected("Connection event of probe " + probe + " is neither 'connect' nor 'disconnect': '"
                    + (event == null ? "" : Fields.abbreviate(event)) + "'");
        }
        final ProbeInfo info = probes.get(probe);
        final String prefix = Fields.text(node, "prefix");
        Long asn = Fields.optionalLong(node, "asn");
        if (asn == null || asn <= 0) {
            asn = info == null ? null : info.asn(prefix != null && prefix.indexOf(':') >= 0 ? 6 : 4);
        }
        if (asn == null || asn <= 0) {
            return Parsed.rejected("Connection event of probe " + probe + " has no ASN ('asn' is empty) and the probe is "
                    + "not in the probe metadata");
        }
        final ConnectionEvent value = ConnectionEvent.newBuilder()
                .setSource(MeasurementSource.RIPE_ATLAS)
                .setProbeId(probe)
                .setAsn(asn)
                .setCountry(info == null ? null : info.country())
                .setPrefix(prefix)
                .setController(Fields.text(node, "controller"))
                .setEvent(type)
                .setOccurredAt(at)
                .build();
        return Parsed.of(new Keyed("AS" + asn, value, at));
    }
}
