package org.outagewatch.detector.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.outagewatch.detector.metrics.DetectorMetrics;
import org.outagewatch.detector.history.HistoryStores;
import org.outagewatch.detector.history.ScoredPoint;
import org.outagewatch.detector.topology.DetectorTopology;
import org.outagewatch.detector.topology.IncidentTopology;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentStatus;

/**
 * Every route of the detector's HTTP server, registered in {@link #register} (the one place to add one, such as
 * a Prometheus {@code /metrics}). The API is documented in {@code /api/openapi.json}; the dashboard is the
 * classpath's {@value #DASHBOARD} with uPlot from its WebJar.
 */
public final class ApiRoutes {
    public static final String DASHBOARD = "org/outagewatch/detector/api/dashboard";
    public static final String OPENAPI = "org/outagewatch/detector/api/openapi.json";
    /** Default and largest number of items in a list answer. */
    public static final int DEFAULT_LIMIT = 200;
    public static final int MAX_LIMIT = 5_000;
    /** How often the event stream looks for changed incidents, and sends a keep-alive comment. */
    public static final Duration EVENT_POLL = Duration.ofSeconds(1);
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** At most this many event streams at once (each holds a server thread). */
    public static final int MAX_EVENT_STREAMS = 32;

    private final KafkaStreams streams;
    private final LocalQueries local;
    private final InstanceRouter instances;
    private final DetectorMetrics metrics;
    private final Semaphore eventStreams = new Semaphore(MAX_EVENT_STREAMS);
    private volatile boolean closed;

    public ApiRoutes(final KafkaStreams streams, final InstanceRouter instances, final DetectorMetrics metrics) {
        this.streams = streams;
        this.metrics = metrics;
        this.local = new LocalQueries(streams);
        this.instances = instances;
    }

    /** Registers every route. */
    public void register(final Router router) {
        router.get("/api/health", this::health)
                .get("/api/ready", this::ready)
                .get("/api/openapi.json", request -> Router.resource(OPENAPI))
                .get("/api/incidents", this::incidents)
                .get("/api/incidents/{id}", this::incident)
                .stream("/api/events", this::events)
                .get("/api/alerts", this::alerts)
                .get("/api/entities", this::entities)
                .get("/api/entities/{entity+}/series/{signal}", this::series)
                .get("/api/entities/{entity+}", this::entity)
                .get("/metrics", request -> new ApiResponse(200, DetectorMetrics.contentType(),
                        metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .get("/api/{path+}", request -> ApiResponse.error(404, "No such resource: " + request.path()))
                .resources("/webjars/uplot", "META-INF/resources/webjars/uplot/" + uplotVersion(), "dist/uPlot.iife.min.js")
                .resources("/", DASHBOARD, "index.html");
    }

    /** Ends the event streams (the server is stopping). */
    public void close() {
        closed = true;
    }

    ApiResponse health(final ApiRequest request) {
        final KafkaStreams.State state = streams.state();
        final boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("state", state.name());
        body.put("instance", instances.self().host() + ":" + instances.self().port());
        body.put("instances", up ? instances.instances() : List.of());
        return ApiResponse.json(up ? 200 : 503, body);
    }

    /**
     * Readiness: 200 only when RUNNING (every task restored and processing), 503 while REBALANCING or restoring too.
     * {@code /api/health} (200 while RUNNING or REBALANCING) is the liveness check; this one lets a rolling update
     * wait until an instance has its state back before it stops the next (deploy/k8s).
     */
    ApiResponse ready(final ApiRequest request) {
        final KafkaStreams.State state = streams.state();
        final boolean ready = state == KafkaStreams.State.RUNNING;
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "READY" : "NOT_READY");
        body.put("state", state.name());
        body.put("instance", instances.self().host() + ":" + instances.self().port());
        return ApiResponse.json(ready ? 200 : 503, body);
    }

    ApiResponse incidents(final ApiRequest request) throws Exception {
        return instances.byKey(HistoryStores.INCIDENT_HISTORY, IncidentTopology.FUSION_KEY, request, this::localIncidents);
    }

    private ApiResponse localIncidents(final ApiRequest request) {
        final Predicate<Incident> filter = incidentFilter(request);
        final List<Incident> found = new ArrayList<>(local.incidents().stream().filter(filter).toList());
        // open ones first, then the most recent
        found.sort(Comparator.comparing((Incident i) -> i.getStatus() == IncidentStatus.RESOLVED)
                .thenComparing(Incident::getStartedAt, Comparator.reverseOrder())
                .thenComparing(Incident::getIncidentId));
        final int limit = request.intParam("limit", DEFAULT_LIMIT, MAX_LIMIT);
        return ApiResponse.json(Map.of("incidents", found.stream().limit(limit).map(Views::incident).toList()));
    }

    static Predicate<Incident> incidentFilter(final ApiRequest request) {
        final String status = request.query("status");
        if (status != null && !status.equals("open") && !status.equals("resolved")) {
            throw new IllegalArgumentException("status must be open or resolved: " + status);
        }
        final String kind = request.query("kind");
        final String country = request.query("country");
        final String asn = request.query("asn");
        final String service = request.query("service");
        final long since = request.time("since", Long.MIN_VALUE);
        final Long asnNumber = asn == null ? null : parseAsn(asn);
        return incident -> (status == null || (incident.getStatus() == IncidentStatus.RESOLVED) == status.equals("resolved"))
                && (kind == null || incident.getKind().name().equalsIgnoreCase(kind))
                && (country == null || incident.getCountries().stream().anyMatch(country::equalsIgnoreCase))
                && (asnNumber == null || incident.getAsns().contains(asnNumber))
                && (service == null || incident.getServices().contains(service))
                && (since == Long.MIN_VALUE || incident.getEndedAt() == null || incident.getEndedAt().toEpochMilli() >= since);
    }

    private static long parseAsn(final String asn) {
        try {
            return Long.parseLong(asn.toUpperCase(Locale.ROOT).startsWith("AS") ? asn.substring(2) : asn);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("asn must be AS<number> or a number: " + asn, e);
        }
    }

    ApiResponse incident(final ApiRequest request) throws Exception {
        return instances.byKey(HistoryStores.INCIDENT_HISTORY, IncidentTopology.FUSION_KEY, request, r -> {
            final Incident incident = local.incident(r.param("id"));
            return incident == null ? ApiResponse.error(404, "No incident " + r.param("id") + " (open or recent)")
                    : ApiResponse.json(Views.incident(incident));
        });
    }

    ApiResponse alerts(final ApiRequest request) throws Exception {
        final String entity = request.query("entity");
        final Boolean open = request.bool("open");
        final int limit = request.intParam("limit", DEFAULT_LIMIT, MAX_LIMIT);
        final List<JsonNode> all = instances.fromAll(HistoryStores.ALERT_HISTORY, "alerts", request,
                r -> ApiResponse.json(Map.of("alerts", local.alerts(entity, open).stream().map(Views::alert).toList())));
        final List<JsonNode> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing((JsonNode a) -> a.path("startedAt").asText(), Comparator.reverseOrder())
                .thenComparing(a -> a.path("alertId").asText()));
        return ApiResponse.json(Map.of("alerts", sorted.stream().limit(limit).toList()));
    }

    ApiResponse series(final ApiRequest request) throws Exception {
        final String entity = request.param("entity");
        final String signal = request.param("signal");
        final long from = request.time("from", 0L);
        final long to = request.time("to", Long.MAX_VALUE / 2);
        if (from > to) {
            throw new IllegalArgumentException("from must not be after to");
        }
        final String series = entity + "|" + signal;
        return instances.byKey(HistoryStores.SERIES_HISTORY, series, request, r -> {
            final List<ScoredPoint> points = local.points(series, from, to);
            final List<Views.AlertView> alerts = local.seriesAlerts(series).stream()
                    .filter(a -> a.getStartedAt().toEpochMilli() <= to
                            && (a.getEndedAt() == null || a.getEndedAt().toEpochMilli() >= from))
                    .map(Views::alert).toList();
            if (points.isEmpty() && alerts.isEmpty()) {
                return ApiResponse.error(404, "No points of " + signal + " for " + entity + " in the history");
            }
            return ApiResponse.json(new Views.SeriesView(entity, signal,
                    points.isEmpty() ? null : Views.time(points.get(0).windowStart()),
                    points.isEmpty() ? null : Views.time(points.get(points.size() - 1).windowEnd()),
                    points.stream().map(Views::point).toList(), alerts));
        });
    }

    ApiResponse entities(final ApiRequest request) {
        final int limit = request.intParam("limit", DEFAULT_LIMIT, MAX_LIMIT);
        return ApiResponse.json(Map.of("entities", local.entities(request.query("q"), request.query("country"), limit)));
    }

    ApiResponse entity(final ApiRequest request) throws Exception {
        final String entity = request.param("entity");
        final List<JsonNode> signals = instances.fromAll(DetectorTopology.MODEL_STORE, "signals", request,
                r -> ApiResponse.json(Map.of("signals", local.signals(entity))));
        final TreeSet<String> names = new TreeSet<>();
        signals.forEach(s -> names.add(s.asText()));
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("entity", entity);
        if (request.forwarded()) {
            body.put("signals", List.copyOf(names));
            return ApiResponse.json(body);
        }
        final boolean country = entity.length() == 2 && entity.chars().allMatch(Character::isUpperCase);
        final AsnInfo info = entity.startsWith("AS") ? local.network(entity) : null;
        body.put("kind", country ? "country" : entity.startsWith("AS") ? "asn" : "other");
        body.put("name", info == null ? null : info.getName());
        body.put("country", country ? entity : info == null ? null : info.getCountry());
        body.put("signals", List.copyOf(names));
        if (country) {
            body.put("networks", local.entities(null, entity, MAX_LIMIT).stream()
                    .filter(e -> e.asn() != null).toList());
        }
        if (names.isEmpty() && info == null && !country) {
            return ApiResponse.error(404, "Unknown entity " + entity);
        }
        return ApiResponse.json(body);
    }

    /** Server-sent events: the incident list ({@code event: incidents}) now and whenever it changes. */
    void events(final ApiRequest request, final HttpExchange exchange) throws IOException, InterruptedException {
        if (!eventStreams.tryAcquire()) {
            final byte[] body = Json.bytes(Map.of("error", "Too many event streams"));
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            return;
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            final OutputStream out = exchange.getResponseBody();
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            final ApiRequest list = new ApiRequest("/api/incidents", Map.of(), request.query());
            String last = null;
            long quietSince = System.nanoTime();
            while (!closed) {
                final ApiResponse answer = Router.answer(this::incidents, list);
                if (answer.status() == 200 && !answer.text().equals(last)) {
                    last = answer.text();
                    out.write(("event: incidents\ndata: " + last + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince > KEEP_ALIVE.toNanos()) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    quietSince = System.nanoTime();
                }
                Thread.sleep(EVENT_POLL.toMillis());
            }
        } finally {
            eventStreams.release();
        }
    }

    /** The version of the uPlot WebJar on the classpath (its pom.properties). */
    static String uplotVersion() {
        try (InputStream in = ApiRoutes.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("The uPlot WebJar (org.webjars.npm:uplot) is not on the classpath");
            }
            final Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the uPlot WebJar's version", e);
        }
    }
}
