package org.outagewatch.ingest.ooni;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.outagewatch.ingest.source.Fields;
import org.outagewatch.ingest.source.InvalidRecordException;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Parsed;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.ProbeMethod;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;

/**
 * OONI measurements (JSON, {@code data_format_version} 0.2.x and 0.3.x) to {@link ProbeResult}s: an inside-out
 * service-accessibility test from the probe's network. Pure: {@link #parse} maps one measurement object.
 *
 * <p>{@code web_connectivity}: service = the host of {@code input}, method WEB_CONNECTIVITY; the outcome comes from
 * {@code test_keys.blocking}: {@code "dns"} DNS_FAILURE, {@code "tcp_ip"} TCP_FAILURE, {@code "http-diff"} and
 * {@code "http-failure"} HTTP_FAILURE, {@code false} OK when {@code accessible} (when not accessible the site is down
 * for the control too, and the outcome is the probe's own failure), {@code null} ERROR (OONI could not decide). A
 * match of OONI's fingerprints confirms blocking and wins: a DNS answer that is a known injected address gives
 * DNS_FAILURE, a body or header that matches a blockpage fingerprint gives BLOCKPAGE. An address the probe's resolver
 * gave for a name the control found nonexistent (control NXDOMAIN) is DNS manipulation too: DNS_FAILURE, with the
 * control OK (it answered; the site is not down). The host of an internationalized URL is converted to ASCII (IDNA);
 * {@code target} keeps the URL as written. {@code controlOutcome}:
 * {@code control_failure} set means the control could not reach the site (down, not blocked) and gives the outcome
 * of that failure; else the control's own dns/tcp/http results; null without a control.
 *
 * <p>App tests are service reachability too, method OTHER, service = the app: {@code whatsapp} (any of its endpoint,
 * registration and web statuses {@code blocked}), {@code telegram} ({@code telegram_tcp_blocking},
 * {@code telegram_http_blocking}, {@code telegram_web_status}), {@code signal} ({@code signal_backend_status}) and
 * {@code tor}, {@code vanilla_tor}, {@code torsf} (service {@code tor}: a bootstrap that succeeded or any reachable
 * target is OK). A failure string maps to an outcome by its kind (timeout, dns, connection, ssl, http).
 *
 * <p>Key {@code AS<probe_asn>/<service>}; probeId = {@code report_id} (OONI keeps no probe identity), measurementId =
 * {@code measurement_uid} or else {@code report_id}. Rejected with the reason: other tests, no {@code test_name}
 * (fingerprint lists), fastpath metadata rows, a missing or zero {@code probe_asn}, {@code test_keys} null, a
 * web_connectivity without a URL input.
 */
public final class OoniParser {
    /** The country OONI writes when it does not know. */
    public static final String UNKNOWN_COUNTRY = "ZZ";
    /** The service name of the tor tests. */
    public static final String TOR = "tor";
    /** The failure strings that say a name does not exist (probe engine and test helper spellings). */
    private static final Set<String> NXDOMAIN = Set.of("dns_nxdomain_error", "dns_name_error");

    private final OoniFingerprints fingerprints;

    public OoniParser(final OoniFingerprints fingerprints) {
        this.fingerprints = fingerprints == null ? OoniFingerprints.none() : fingerprints;
    }

    /** What one test saw, before the vantage and key are added. */
    private record Verdict(String service, String target, ProbeMethod method, ProbeOutcome outcome,
                           ProbeOutcome control) {
    }

    /** Maps one OONI measurement. */
    public Parsed parse(final JsonNode node) {
        if (!node.isObject()) {
            return Parsed.rejected("Not an OONI measurement object but " + node.getNodeType());
        }
        final String testName = Fields.text(node, "test_name");
        if (testName == null) {
            return Parsed.rejected("Not an OONI measurement: no 'test_name'");
        }
        final String asnText = Fields.text(node, "probe_asn");
        if (asnText == null && node.has("scores")) {
            return Parsed.rejected("OONI fastpath metadata row (anomaly, confirmed, scores), not a raw measurement");
        }
        if (asnText == null) {
            return Parsed.rejected("OONI " + testName + " measurement without 'probe_asn'");
        }
        final long asn = asn(asnText);
        if (asn <= 0) {
            return Parsed.rejected("OONI " + testName + " measurement from an unknown network: probe_asn " + asnText);
        }
        final Instant time = Fields.instant("measurement_start_time", Fields.text(node, "measurement_start_time"));
        final JsonNode keys = node.get("test_keys");
        if (keys == null || !keys.isObject()) {
            return Parsed.rejected("OONI " + testName + " measurement with test_keys " + (keys == null ? "missing" : keys)
                    + ": the test did not run");
        }
        final Verdict verdict = switch (testName) {
            case "web_connectivity" -> webConnectivity(node, keys);
            case "whatsapp" -> whatsapp(keys);
            case "telegram" -> telegram(keys);
            case "signal" -> app("signal", statusOutcome(keys, "signal_backend_status", "signal_backend_failure"));
            case "tor" -> tor(keys);
            case "vanilla_tor", "torsf" -> app(TOR, bootstrap(keys));
            default -> null;
        };
        if (verdict == null) {
            return Parsed.rejected("OONI test '" + testName + "' is not a service-reachability test this adapter maps"
                    + " (web_connectivity, whatsapp, telegram, signal, tor, vanilla_tor, torsf)");
        }
        final String country = Fields.text(node, "probe_cc");
        final String reportId = Fields.text(node, "report_id");
        final String uid = Fields.text(node, "measurement_uid");
        final ProbeResult result = ProbeResult.newBuilder()
                .setSource(MeasurementSource.OONI)
                .setMeasurementId(uid != null ? uid : reportId)
                .setProbeId(reportId != null ? reportId : "ooni:AS" + asn)
                .setVantageAsn(asn)
                .setVantageCountry(country == null || UNKNOWN_COUNTRY.equals(country) ? null : country)
                .setTarget(verdict.target())
                .setService(verdict.service())
                .setMethod(verdict.method())
                .setOutcome(verdict.outcome())
                .setControlOutcome(verdict.control())
                .setMeasuredAt(time)
                .build();
        return Parsed.of(new Keyed("AS" + asn + "/" + verdict.service(), result, time));
    }

    /** The number of {@code AS123} (or {@code 123}); 0 when it is not one. */
    static long asn(final String text) {
        final String digits = text.regionMatches(true, 0, "AS", 0, 2) ? text.substring(2) : text;
        try {
            return Long.parseLong(digits.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private Verdict webConnectivity(final JsonNode node, final JsonNode keys) {
        final String input = Fields.text(node, "input");
        if (input == null) {
            throw new InvalidRecordException("web_connectivity without an 'input' URL");
        }
        final String host = host(input);
        final JsonNode blocking = keys.get("blocking");
        final JsonNode accessible = keys.get("accessible");
        ProbeOutcome outcome;
        if (blocking == null || blocking.isNull()) {
            outcome = ProbeOutcome.ERROR;
        } else if (blocking.isBoolean() && !blocking.asBoolean()) {
            outcome = accessible != null && accessible.isBoolean() && !accessible.asBoolean()
                    ? probeFailure(keys) : ProbeOutcome.OK;
        } else {
            outcome = switch (blocking.asText()) {
                case "dns" -> ProbeOutcome.DNS_FAILURE;
                case "tcp_ip" -> ProbeOutcome.TCP_FAILURE;
                case "http-diff", "http-failure" -> ProbeOutcome.HTTP_FAILURE;
                default -> ProbeOutcome.ERROR;
            };
        }
        ProbeOutcome control = control(keys);
        if (dnsFingerprint(keys).isPresent()) {
            outcome = ProbeOutcome.DNS_FAILURE;
        } else if (answeredForNonexistentName(keys)) {
            outcome = ProbeOutcome.DNS_FAILURE;
            control = ProbeOutcome.OK;
        } else if (httpFingerprint(keys).isPresent()) {
            outcome = ProbeOutcome.BLOCKPAGE;
        }
        return new Verdict(host, input, ProbeMethod.WEB_CONNECTIVITY, outcome, control);
    }

    /**
     * The host of a URL, lower case and in ASCII: an internationalized name ({@code http://яндекс.рф/}, which
     * {@link URI} keeps as a registry authority without a host) is converted with IDNA ({@link IDN#toASCII}, so
     * {@code xn--d1acpjx3f.xn--p1ai}); the caller keeps the URL as written for display. A URL without a host, or
     * whose host is not a domain name IDNA accepts, is invalid.
     */
    static String host(final String url) {
        final URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new InvalidRecordException("Input is not a URL: '"
                    + Fields.abbreviate(url) + "'");
        }
        final String host = uri.getHost() != null ? uri.getHost() : registryHost(uri.getAuthority());
        if (host == null || host.isBlank()) {
            throw new InvalidRecordException("Input URL has no host: '"
                    + Fields.abbreviate(url) + "'");
        }
        try {
            return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException("Input URL host is not a domain name IDNA accepts ("
                    + e.getMessage() + "): '" + Fields.abbreviate(url) + "'");
        }
    }

    /** The host part of an authority {@link URI} could not parse as a server (user info and port removed). */
    private static String registryHost(final String authority) {
        if (authority == null) {
            return null;
        }
        final String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        final int colon = hostPort.lastIndexOf(':');
        final boolean port = colon >= 0 && hostPort.substring(colon + 1).chars().allMatch(Character::isDigit);
        return port ? hostPort.substring(0, colon) : hostPort;
    }

    /**
     * The probe's resolver answered with an address for a name the control found does not exist (NXDOMAIN, written
     * {@code dns_nxdomain_error} or, by the test helper, {@code dns_name_error}): the answer is forged, DNS
     * manipulation. The control worked (NXDOMAIN is its answer, not a failure to reach the site), so it does not
     * count as "the site is down for the control too".
     */
    static boolean answeredForNonexistentName(final JsonNode keys) {
        final String controlDns = Fields.text(keys.path("control").path("dns"), "failure");
        if (controlDns == null || !NXDOMAIN.contains(controlDns) || Fields.text(keys, "dns_experiment_failure") != null) {
            return false;
        }
        for (final JsonNode query : keys.path("queries")) {
            for (final JsonNode answer : query.path("answers")) {
                if (Fields.text(answer, "ipv4") != null || Fields.text(answer, "ipv6") != null) {
                    return true;
                }
            }
        }
        return false;
    }

    private static ProbeOutcome probeFailure(final JsonNode keys) {
        if (Fields.text(keys, "dns_experiment_failure") != null) {
            return ProbeOutcome.DNS_FAILURE;
        }
        final String http = Fields.text(keys, "http_experiment_failure");
        return http == null ? ProbeOutcome.ERROR : failureOutcome(http);
    }

    private static ProbeOutcome control(final JsonNode keys) {
        final String controlFailure = Fields.text(keys, "control_failure");
        if (controlFailure != null) {
            return failureOutcome(controlFailure);
        }
        final JsonNode control = keys.get("control");
        if (control == null || !control.isObject() || control.isEmpty()) {
            return null;
        }
        if (Fields.text(control.path("dns"), "failure") != null) {
            return ProbeOutcome.DNS_FAILURE;
        }
        final JsonNode tcp = control.get("tcp_connect");
        if (tcp != null && tcp.isObject() && tcp.size() > 0) {
            boolean any = false;
            for (final JsonNode connect : tcp) {
                any |= connect.path("status").asBoolean(false);
            }
            if (!any) {
                return ProbeOutcome.TCP_FAILURE;
            }
        }
        final String http = Fields.text(control.path("http_request"), "failure");
        return http == null ? ProbeOutcome.OK : failureOutcome(http);
    }

    private Optional<String> dnsFingerprint(final JsonNode keys) {
        for (final JsonNode query : keys.path("queries")) {
            for (final JsonNode answer : query.path("answers")) {
                for (final String field : List.of("ipv4", "ipv6")) {
                    final Optional<String> match = fingerprints.dnsMatch(Fields.text(answer, field));
                    if (match.isPresent()) {
                        return match;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> httpFingerprint(final JsonNode keys) {
        for (final JsonNode request : keys.path("requests")) {
            final JsonNode response = request.path("response");
            final Optional<String> body = fingerprints.bodyMatch(maybeBase64(response.get("body")));
            if (body.isPresent()) {
                return body;
            }
            final JsonNode headers = response.get("headers");
            if (headers != null && headers.isObject()) {
                final Iterator<Map.Entry<String, JsonNode>> fields = headers.fields();
                while (fields.hasNext()) {
                    final Map.Entry<String, JsonNode> header = fields.next();
                    final Optional<String> match = fingerprints.headerMatch(header.getKey(), maybeBase64(header.getValue()));
                    if (match.isPresent()) {
                        return match;
                    }
                }
            }
            for (final JsonNode pair : response.path("headers_list")) {
                if (pair.isArray() && pair.size() == 2) {
                    final Optional<String> match = fingerprints.headerMatch(pair.get(0).asText(), maybeBase64(pair.get(1)));
                    if (match.isPresent()) {
                        return match;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A string, or OONI's {@code {"format":"base64","data":...}} for bytes that are not UTF-8, decoded. */
    static String maybeBase64(final JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isObject()) {
            if ("base64".equals(Fields.text(value, "format")) && Fields.text(value, "data") != null) {
                try {
                    return new String(Base64.getMimeDecoder().decode(Fields.text(value, "data")), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
            return null;
        }
        return value.isContainerNode() ? null : value.asText();
    }

    private static Verdict app(final String service, final ProbeOutcome outcome) {
        return new Verdict(service, service, ProbeMethod.OTHER, outcome, null);
    }

    private static Verdict whatsapp(final JsonNode keys) {
        final List<String[]> parts = List.of(
                new String[] {"whatsapp_endpoints_status", null},
                new String[] {"registration_server_status", "registration_server_failure"},
                new String[] {"whatsapp_web_status", "whatsapp_web_failure"});
        for (final String[] part : parts) {
            if ("blocked".equals(Fields.text(keys, part[0]))) {
                final String failure = part[1] == null ? null : Fields.text(keys, part[1]);
                return app("whatsapp", failure == null ? ProbeOutcome.ERROR : failureOutcome(failure));
            }
        }
        return app("whatsapp", ProbeOutcome.OK);
    }

    private static Verdict telegram(final JsonNode keys) {
        if (keys.path("telegram_tcp_blocking").asBoolean(false)) {
            return app("telegram", ProbeOutcome.TCP_FAILURE);
        }
        if (keys.path("telegram_http_blocking").asBoolean(false)) {
            return app("telegram", ProbeOutcome.HTTP_FAILURE);
        }
        return app("telegram", statusOutcome(keys, "telegram_web_status", "telegram_web_failure"));
    }

    private static ProbeOutcome statusOutcome(final JsonNode keys, final String statusField, final String failureField) {
        final String status = Fields.text(keys, statusField);
        if ("ok".equals(status)) {
            return ProbeOutcome.OK;
        }
        final String failure = Fields.text(keys, failureField);
        if ("blocked".equals(status)) {
            return failure == null ? ProbeOutcome.ERROR : failureOutcome(failure);
        }
        throw new InvalidRecordException("Field '" + statusField + "' is neither ok nor blocked: "
                + status);
    }

    private static Verdict tor(final JsonNode keys) {
        final JsonNode targets = keys.get("targets");
        if (targets == null || !targets.isContainerNode() || targets.isEmpty()) {
            throw new InvalidRecordException("tor measurement without 'targets'");
        }
        String firstFailure = null;
        final List<JsonNode> all = new ArrayList<>();
        targets.forEach(all::add);
        for (final JsonNode target : all) {
            final String failure = Fields.text(target, "failure");
            if (failure == null) {
                return app(TOR, ProbeOutcome.OK);
            }
            firstFailure = firstFailure == null ? failure : firstFailure;
        }
        return app(TOR, failureOutcome(firstFailure));
    }

    private static ProbeOutcome bootstrap(final JsonNode keys) {
        final JsonNode success = keys.get("success");
        final String failure = Fields.text(keys, "failure");
        if (success != null && success.isBoolean()) {
            return success.asBoolean() ? ProbeOutcome.OK : failure == null ? ProbeOutcome.ERROR : failureOutcome(failure);
        }
        return failure == null ? ProbeOutcome.OK : failureOutcome(failure);
    }

    /** An OONI failure string (such as {@code generic_timeout_error}, {@code dns_nxdomain_error}) as an outcome. */
    public static ProbeOutcome failureOutcome(final String failure) {
        final String f = failure.toLowerCase(Locale.ROOT);
        if (f.contains("timeout")) {
            return ProbeOutcome.TIMEOUT;
        }
        if (f.contains("dns") || f.contains("nxdomain")) {
            return ProbeOutcome.DNS_FAILURE;
        }
        if (f.startsWith("ssl") || f.contains("tls") || f.contains("certificate")) {
            return ProbeOutcome.TLS_FAILURE;
        }
        if (f.startsWith("connection_") || f.contains("host_unreachable") || f.contains("network_unreachable")) {
            return ProbeOutcome.TCP_FAILURE;
        }
        if (f.startsWith("http") || f.contains("eof")) {
            return ProbeOutcome.HTTP_FAILURE;
        }
        return ProbeOutcome.ERROR;
    }
}
