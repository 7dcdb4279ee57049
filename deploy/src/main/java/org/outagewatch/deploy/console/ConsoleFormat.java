package org.outagewatch.deploy.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.outagewatch.schemas.AlertSeverity;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentStatus;
import org.outagewatch.schemas.OutageAlert;

/**
 * How alerts, incidents and the status line look on a terminal, and as JSON: the one formatter of {@code demo},
 * {@code watch} and {@code incidents}.
 *
 * <pre>
 * 2024-03-05 14:05Z  OPEN     CRITICAL  AS64512    probe.reachable  expected 97.0%  observed 3.0% (3%)  coverage 120
 * 2024-03-05 14:10Z  INCIDENT OPEN      NETWORK_OUTAGE     severity 72  AS64512 (DE)                    since 14:05Z
 *                    AS64512 lost reachability and routing at once: ...
 * </pre>
 *
 * An incident is a block: a header line (status, kind, severity, scope, since or how long) and, when it opens or
 * changes kind ({@link IncidentMemory}), its explanation on a second line. Colour (ANSI) only when asked: red for OPEN and CRITICAL, yellow for
 * UPDATE and WARNING, green for RESOLVED.
 */
public final class ConsoleFormat {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SIM_TIME = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** Width of the time column and of the indent of an incident's explanation. */
    static final String INDENT = " ".repeat("2024-03-05 14:05Z  ".length());
    static final String RED = "\u001b[31m";
    static final String YELLOW = "\u001b[33m";
    static final String GREEN = "\u001b[32m";
    static final String BOLD = "\u001b[1m";
    static final String DIM = "\u001b[2m";
    static final String RESET = "\u001b[0m";
    /** At most this many ASNs are named in an incident's scope; the rest are counted. */
    static final int SCOPE_ASNS = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean colour;

    private ConsoleFormat(final boolean colour) {
        this.colour = colour;
    }

    /** Plain text, no escape codes. */
    public static ConsoleFormat plain() {
        return new ConsoleFormat(false);
    }

    /** ANSI colours. */
    public static ConsoleFormat coloured() {
        return new ConsoleFormat(true);
    }

    /** Coloured when stdout is a terminal and {@code NO_COLOR} is unset or empty (no-color.org). */
    public static ConsoleFormat forTerminal(final boolean terminal, final Map<String, String> environment) {
        final String noColor = environment.get("NO_COLOR");
        return new ConsoleFormat(terminal && (noColor == null || noColor.isEmpty()));
    }

    public boolean colour() {
        return colour;
    }

    /** One line per alert event: time, status, severity, entity, signal, expected vs. observed, coverage or duration. */
    public String alertLine(final OutageAlert alert) {
        final Instant at = alert.getStatus() == AlertStatus.RESOLVED && alert.getEndedAt() != null
                ? alert.getEndedAt() : alert.getWindowStart();
        final StringBuilder line = new StringBuilder(160);
        line.append(TIME.format(at)).append("  ")
                .append(paint(pad(alert.getStatus().name(), 8), alertColour(alert)))
                .append(paint(pad(alert.getSeverity().name(), 9), alert.getSeverity() == AlertSeverity.CRITICAL ? RED : YELLOW))
                .append(pad(alert.getEntity(), 10))
                .append(pad(alert.getSignal(), 17))
                .append("expected ").append(value(alert.getSignal(), alert.getExpected()))
                .append("  observed ").append(value(alert.getSignal(), alert.getObserved()))
                .append(String.format(Locale.ROOT, " (%.0f%%)", 100.0 * alert.getScore()));
        if (alert.getDurationMinutes() != null) {
            line.append(String.format(Locale.ROOT, "  lasted %.0f min, area %.0f %%·min", alert.getDurationMinutes(),
                    alert.getAlertArea() == null ? 0.0 : alert.getAlertArea()));
        } else {
            line.append("  coverage ").append(alert.getCoverage());
        }
        return line.toString();
    }

    /**
     * One block per incident event: the header line, then (when {@code explain}, and the incident is not resolved)
     * the explanation, indented. The explanation is one line however long: the terminal wraps it.
     */
    public String incidentBlock(final Incident incident, final boolean explain) {
        final boolean resolved = incident.getStatus() == IncidentStatus.RESOLVED;
        final Instant at = resolved && incident.getEndedAt() != null ? incident.getEndedAt() : incident.getStartedAt();
        final StringBuilder block = new StringBuilder(256);
        block.append(TIME.format(at)).append("  ")
                .append(paint("INCIDENT ", BOLD))
                .append(paint(pad(incident.getStatus().name(), 8), incidentColour(incident.getStatus())))
                .append(paint(pad(incident.getKind().name(), 18), BOLD))
                .append(String.format(Locale.ROOT, "severity %3d  ", incident.getSeverity()))
                .append(scope(incident));
        if (resolved && incident.getEndedAt() != null) {
            block.append(String.format(Locale.ROOT, "  lasted %d min",
                    java.time.Duration.between(incident.getStartedAt(), incident.getEndedAt()).toMinutes()));
        } else {
            block.append("  since ").append(HOUR_MINUTE.format(incident.getStartedAt()));
        }
        if (explain && !resolved && !incident.getExplanation().isBlank()) {
            block.append(System.lineSeparator()).append(INDENT).append(paint(incident.getExplanation().strip(), DIM));
        }
        return block.toString();
    }

    /** The scope of an incident: ASNs (the first few, then a count), countries, services and the failure mode. */
    static String scope(final Incident incident) {
        final List<String> parts = new ArrayList<>();
        final List<Long> asns = incident.getAsns();
        if (!asns.isEmpty()) {
            final StringBuilder named = new StringBuilder();
            for (int i = 0; i < Math.min(SCOPE_ASNS, asns.size()); i++) {
                named.append(i == 0 ? "" : ",").append("AS").append(asns.get(i));
            }
            if (asns.size() > SCOPE_ASNS) {
                named.append(" +").append(asns.size() - SCOPE_ASNS).append(" more");
            }
            parts.add(named.toString());
        }
        if (!incident.getCountries().isEmpty()) {
            parts.add(String.join(",", incident.getCountries()));
        }
        if (!incident.getServices().isEmpty()) {
            parts.add(String.join(",", incident.getServices()));
        }
        if (incident.getFailureMode() != null) {
            parts.add("fails at " + incident.getFailureMode().name());
        }
        return parts.isEmpty() ? "(no scope)" : String.join("  ", parts);
    }

    /** An event as the terminal shows it: an alert line or an incident block, explained as {@code memory} says. */
    public String text(final FeedEvent event, final IncidentMemory memory) {
        if (event instanceof FeedEvent.AlertEvent a) {
            return alertLine(a.alert());
        }
        final Incident incident = ((FeedEvent.IncidentEvent) event).incident();
        return incidentBlock(incident, memory.explain(incident));
    }

    /** An event as one JSON object. */
    public static String json(final FeedEvent event) {
        if (event instanceof FeedEvent.AlertEvent a) {
            return alertJson(a.alert());
        }
        return incidentJson(((FeedEvent.IncidentEvent) event).incident());
    }

    /** The status line: short enough (under 80 columns) to be redrawn in place on any terminal. */
    public String statusLine(final StatusLine status) {
        final StringBuilder line = new StringBuilder(96);
        line.append(status.simulatedTime() == null ? "live" : SIM_TIME.format(status.simulatedTime()))
                .append(" | ").append(count(status.eventsPerSecond())).append(" ev/s")
                .append(" | alerts ").append(status.openAlerts())
                .append(" | incidents ").append(status.openIncidents())
                .append(" | lag ").append(status.consumerLag() < 0 ? "?" : count(status.consumerLag()));
        return paint(line.toString(), DIM);
    }

    /** An alert as one JSON object: {@code "type": "alert"} and every field of the Avro record, times in ISO-8601. */
    public static String alertJson(final OutageAlert alert) {
        return json("alert", alert);
    }

    /** An incident as one JSON object: {@code "type": "incident"} and every field of the Avro record. */
    public static String incidentJson(final Incident incident) {
        return json("incident", incident);
    }

    private static String json(final String type, final SpecificRecord record) {
        final ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("type", type);
        for (final Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), toJson(record.get(field.pos())));
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + type + " as JSON", e);
        }
    }

    private static JsonNode toJson(final Object value) {
        final JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof Instant instant) {
            return nodes.textNode(instant.toString());
        }
        if (value instanceof Integer i) {
            return nodes.numberNode(i);
        }
        if (value instanceof Long l) {
            return nodes.numberNode(l);
        }
        if (value instanceof Double d) {
            return nodes.numberNode(d);
        }
        if (value instanceof Boolean b) {
            return nodes.booleanNode(b);
        }
        if (value instanceof List<?> list) {
            final ArrayNode array = nodes.arrayNode();
            list.forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            final ObjectNode object = nodes.objectNode();
            new java.util.TreeMap<>(stringKeys(map)).forEach((k, v) -> object.set(k, toJson(v)));
            return object;
        }
        return nodes.textNode(value.toString());
    }

    private static Map<String, Object> stringKeys(final Map<?, ?> map) {
        final Map<String, Object> out = new java.util.HashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** A value in the signal's own unit: bytes for traffic, a percentage for shares, a plain number otherwise. */
    static String value(final String signal, final double v) {
        if (signal.startsWith("traffic.")) {
            return bytes(v);
        }
        if (signal.endsWith(".reachable") || signal.endsWith(".accessible")) {
            return String.format(Locale.ROOT, "%.1f%%", 100.0 * v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String bytes(final double v) {
        final String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        double x = v;
        int unit = 0;
        while (Math.abs(x) >= 1000 && unit < units.length - 1) {
            x /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.2f %s", x, units[unit]);
    }

    /** 950, 12.3k, 4.1M. */
    static String count(final long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fk", n / 1000.0);
        }
        return String.format(Locale.ROOT, "%.1fM", n / 1_000_000.0);
    }

    /** {@code HH:mm} in UTC. */
    public static String clock(final Instant at) {
        return DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC).format(at);
    }

    private String alertColour(final OutageAlert alert) {
        return alert.getStatus() == AlertStatus.RESOLVED ? GREEN : alert.getStatus() == AlertStatus.OPEN ? RED : YELLOW;
    }

    private static String incidentColour(final IncidentStatus status) {
        return status == IncidentStatus.RESOLVED ? GREEN : status == IncidentStatus.OPEN ? RED : YELLOW;
    }

    private String paint(final String text, final String code) {
        return colour ? code + text + RESET : text;
    }

    private static String pad(final String s, final int width) {
        final StringBuilder b = new StringBuilder(s);
        while (b.length() < width) {
            b.append(' ');
        }
        return b.append(' ').toString();
    }
}
