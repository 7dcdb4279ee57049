package org.outagewatch.schemas.registry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.outagewatch.schemas.registry.CompatibilityChecker;
import org.outagewatch.schemas.registry.CompatibilityLevel;
import org.outagewatch.schemas.registry.RegistryState;
import org.outagewatch.schemas.registry.SchemaRegistryClient;
import org.outagewatch.schemas.registry.SchemaRegistryException;
import org.outagewatch.schemas.registry.SchemaVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST API over a {@link CommandLog}: reads answer from the applied state,
 * writes (registrations, config changes) go through the log and answer with the outcome of their record.
 * Errors are Confluent's JSON ({@code {"error_code":40401,"message":"..."}}) with the matching HTTP status.
 */
final class RegistryHttpHandler implements HttpHandler {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);
    private static final Set<String> BODY_TYPES = Set.of(
            CONTENT_TYPE, "application/vnd.schemaregistry+json", "application/json", "application/octet-stream");
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final String AVRO = "AVRO";

    private final CommandLog log;
    private final byte[] expectedCredentials;
    private final boolean authenticateReads;

    RegistryHttpHandler(final CommandLog log, final String basicAuthUserInfo, final boolean authenticateReads) {
        this.log = log;
        this.expectedCredentials = basicAuthUserInfo == null ? null : basicAuthUserInfo.getBytes(StandardCharsets.UTF_8);
        this.authenticateReads = authenticateReads;
    }

    /** An answer: HTTP status and JSON body. */
    private record Reply(int status, String body) {
        static Reply ok(final Object json) {
            try {
                return new Reply(200, json instanceof String text ? text : Json.MAPPER.writeValueAsString(json));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot write an answer as JSON", e);
            }
        }
    }

    /** A request, its path split into URL-decoded segments. */
    private record Request(String method, List<String> path, Map<String, String> query, HttpExchange exchange) {
        boolean flag(final String name) {
            return Boolean.parseBoolean(query.getOrDefault(name, "false"));
        }
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        Reply reply;
        try {
            final Request request = new Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                    segments(exchange.getRequestURI().getRawPath()), query(exchange.getRequestURI().getRawQuery()), exchange);
            if (!isHealthCheck(request) && (authenticateReads || isWrite(request))) {
                authorize(exchange);
            }
            reply = route(request);
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() >= 500) {
                LOG.warn("Schema registry request {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
            }
            reply = error(e.httpStatus(), e.errorCode(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Schema registry request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            reply = error(500, SchemaRegistryException.STORE_ERROR, "Internal error: " + e);
        }
        send(exchange, reply);
    }

    private Reply route(final Request r) {
        final List<String> p = r.path();
        final int n = p.size();
        if (n == 0) {
            return only(r, "GET", () -> Reply.ok(Json.MAPPER.createObjectNode()));
        }
        switch (p.get(0)) {
            case "health":
                return n == 1 ? only(r, "GET", this::health) : notFound(r);
            case "subjects":
                if (n == 1) {
                    return only(r, "GET", () -> Reply.ok(state().subjects()));
                }
                final String subject = p.get(1);
                if (n == 2) {
                    return only(r, "POST", () -> lookup(r, subject));
                }
                if (!"versions".equals(p.get(2))) {
                    return notFound(r);
                }
                if (n == 3) {
                    if ("POST".equals(r.method())) {
                        return register(r, subject);
                    }
                    return only(r, "GET", () -> Reply.ok(state().versions(subject)));
                }
                if (n == 4) {
                    return only(r, "GET", () -> Reply.ok(versionJson(state().version(subject, version(p.get(3))))));
                }
                if (n == 5 && "schema".equals(p.get(4))) {
                    return only(r, "GET", () -> Reply.ok(state().version(subject, version(p.get(3))).schema().toString()));
                }
                return notFound(r);
            case "schemas":
                if (n == 2 && "types".equals(p.get(1))) {
                    return only(r, "GET", () -> Reply.ok(List.of(AVRO)));
                }
                if (n >= 3 && "ids".equals(p.get(1))) {
                    final int id = schemaId(p.get(2));
                    if (n == 3) {
                        return only(r, "GET", () -> Reply.ok(Json.MAPPER.createObjectNode().put("schema", state().getById(id).toString())));
                    }
                    if (n == 4 && "versions".equals(p.get(3))) {
                        return only(r, "GET", () -> uses(id));
                    }
                    if (n == 4 && "schema".equals(p.get(3))) {
                        return only(r, "GET", () -> Reply.ok(state().getById(id).toString()));
                    }
                }
                return notFound(r);
            case "config":
                if (n > 2) {
                    return notFound(r);
                }
                final String configSubject = n == 2 ? p.get(1) : null;
                if ("PUT".equals(r.method())) {
                    return setCompatibility(r, configSubject);
                }
                return only(r, "GET", () -> compatibility(r, configSubject));
            case "compatibility":
                if (n >= 4 && "subjects".equals(p.get(1)) && "versions".equals(p.get(3)) && n <= 5) {
                    return only(r, "POST", () -> testCompatibility(r, p.get(2), n == 5 ? p.get(4) : null));
                }
                return notFound(r);
            default:
                return notFound(r);
        }
    }

    private RegistryState state() {
        return log.state();
    }

    private Reply health() {
        if (log.caughtUp()) {
            return Reply.ok(Json.MAPPER.createObjectNode().put("status", "UP").put("appliedOffset", log.appliedUpTo()));
        }
        return new Reply(503, Json.MAPPER.createObjectNode().put("status", "CATCHING_UP").put("appliedOffset", log.appliedUpTo()).toString());
    }

    private Reply register(final Request r, final String subject) {
        final Schema schema = schemaFromBody(r);
        final SchemaVersion known = registered(subject, schema);
        if (known != null) {
            return Reply.ok(Json.MAPPER.createObjectNode().put("id", known.id()));
        }
        log.catchUpToEnd(WRITE_TIMEOUT);
        final SchemaVersion raced = registered(subject, schema);
        if (raced != null) {
            return Reply.ok(Json.MAPPER.createObjectNode().put("id", raced.id()));
        }
        final List<String> problems = state().registrationProblems(subject, schema);
        if (!problems.isEmpty()) {
            throw SchemaRegistryException.incompatible(subject, String.join("; ", problems));
        }
        final SchemaVersion version = (SchemaVersion) log.submit(RegistryCommand.Register.of(subject, schema.toString()), WRITE_TIMEOUT);
        return Reply.ok(Json.MAPPER.createObjectNode().put("id", version.id()));
    }

    private SchemaVersion registered(final String subject, final Schema schema) {
        try {
            return state().lookup(subject, schema);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND || e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private Reply lookup(final Request r, final String subject) {
        return Reply.ok(versionJson(state().lookup(subject, schemaFromBody(r))));
    }

    private Reply uses(final int id) {
        final ArrayNode out = Json.MAPPER.createArrayNode();
        for (final SchemaVersion use : state().usesOf(id)) {
            out.addObject().put("subject", use.subject()).put("version", use.version());
        }
        return Reply.ok(out);
    }

    private Reply compatibility(final Request r, final String subject) {
        final CompatibilityLevel level;
        if (subject == null) {
            level = state().compatibility(null);
        } else {
            final CompatibilityLevel own = state().subjectCompatibility(subject);
            if (own == null && !r.flag("defaultToGlobal")) {
                throw new SchemaRegistryException(SUBJECT_COMPATIBILITY_NOT_CONFIGURED, 404, "Subject '" + subject
                        + "' does not have subject-level compatibility configured (ask with ?defaultToGlobal=true for the global level)");
            }
            level = own == null ? state().compatibility(null) : own;
        }
        return Reply.ok(Json.MAPPER.createObjectNode().put("compatibilityLevel", level.name()));
    }

    private Reply setCompatibility(final Request r, final String subject) {
        final JsonNode body = jsonBody(r);
        final String text = body.path("compatibility").asText(body.path("compatibilityLevel").asText(null));
        final CompatibilityLevel level = CompatibilityLevel.parse(text);
        if (level == null) {
            throw new SchemaRegistryException(SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL, 422,
                    "Invalid compatibility level '" + text + "'. Valid values are none, backward, forward, full,"
                            + " backward_transitive, forward_transitive and full_transitive");
        }
        log.submit(RegistryCommand.SetCompatibility.of(subject, level), WRITE_TIMEOUT);
        return Reply.ok(Json.MAPPER.createObjectNode().put("compatibility", level.name()));
    }

    private Reply testCompatibility(final Request r, final String subject, final String versionOrNull) {
        final Schema schema = schemaFromBody(r);
        final List<String> problems;
        if (versionOrNull == null) {
            final List<Schema> all = new ArrayList<>();
            if (state().subjects().contains(subject)) {
                state().versions(subject).forEach(v -> all.add(state().version(subject, v).schema()));
            }
            problems = CompatibilityChecker.problems(state().compatibility(subject), schema, all);
        } else {
            problems = state().compatibilityProblems(subject, version(versionOrNull), schema);
        }
        final ObjectNode out = Json.MAPPER.createObjectNode().put("is_compatible", problems.isEmpty());
        if (r.flag("verbose")) {
            final ArrayNode messages = out.putArray("messages");
            problems.forEach(messages::add);
        }
        return Reply.ok(out);
    }

    private static ObjectNode versionJson(final SchemaVersion version) {
        return Json.MAPPER.createObjectNode()
                .put("subject", version.subject())
                .put("version", version.version())
                .put("id", version.id())
                .put("schema", version.schema().toString());
    }

    /** The Avro schema of a register, lookup or compatibility body; 42201 when absent, not Avro or invalid. */
    private static Schema schemaFromBody(final Request r) {
        final JsonNode body = jsonBody(r);
        final JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull() && !AVRO.equalsIgnoreCase(type.asText())) {
            throw new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA, 422,
                    "Schema type " + type.asText() + " is not supported: this registry only holds AVRO schemas");
        }
        final JsonNode references = body.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA, 422,
                    "Schema references are not supported by this registry: send the schema with its named types inlined");
        }
        final JsonNode text = body.get("schema");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            throw new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA, 422,
                    "Invalid schema: the body needs a \"schema\" field holding the schema as a JSON string");
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (RuntimeException e) {
            throw new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA, 422, "Invalid schema: " + e.getMessage(), e);
        }
    }

    private static JsonNode jsonBody(final Request r) {
        final String contentType = r.exchange().getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            final String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!mediaType.isEmpty() && !BODY_TYPES.contains(mediaType)) {
                throw new SchemaRegistryException(415, 415, "Unsupported content type " + mediaType + "; send " + CONTENT_TYPE
                        + " or application/json");
            }
        }
        final byte[] bytes;
        try (InputStream in = r.exchange().getRequestBody()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new SchemaRegistryException(400, 400, "Cannot read the request body: " + e.getMessage(), e);
        }
        final JsonNode json;
        try {
            json = bytes.length == 0 ? null : Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA, 422, "The request body is not JSON: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new SchemaRegistryException(SchemaRegistryException.INVALID_SCHEMA, 422, "The request body must be a JSON object");
        }
        return json;
    }

    private static int version(final String text) {
        if ("latest".equals(text)) {
            return SchemaRegistryClient.LATEST;
        }
        try {
            final int version = Integer.parseInt(text);
            if (version == SchemaRegistryClient.LATEST || version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            LOG.debug("Not a version number: {}", text);
        }
        throw new SchemaRegistryException(SchemaRegistryException.INVALID_VERSION, 422, "The specified version '" + text
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    private static int schemaId(final String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw SchemaRegistryException.schemaNotFound("with id '" + text + "'");
        }
    }

    /**
     * Whether a request changes the registry: any PUT or DELETE, and a POST except the two that only ask (looking a
     * schema up under a subject, {@code POST /subjects/S}, and testing compatibility, {@code POST /compatibility/...}).
     */
    private static boolean isWrite(final Request r) {
        return switch (r.method()) {
            case "GET", "HEAD", "OPTIONS" -> false;
            case "POST" -> !(r.path().size() == 2 && "subjects".equals(r.path().get(0)))
                    && !(!r.path().isEmpty() && "compatibility".equals(r.path().get(0)));
            default -> true;
        };
    }

    private boolean isHealthCheck(final Request r) {
        return r.path().size() == 1 && "health".equals(r.path().get(0));
    }

    private void authorize(final HttpExchange exchange) {
        if (expectedCredentials == null) {
            return;
        }
        final String header = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] presented = new byte[0];
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                presented = Base64.getDecoder().decode(header.substring(6).trim());
            } catch (IllegalArgumentException e) {
                LOG.debug("Malformed basic auth header: {}", e.getMessage());
            }
        }
        if (!MessageDigest.isEqual(presented, expectedCredentials)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"outagewatch-schema-registry\"");
            throw new SchemaRegistryException(401, 401, header == null
                    ? "Unauthorized: this schema registry needs basic authentication (basic.auth.user.info)"
                    : "Unauthorized: wrong user or password");
        }
    }

    private interface Action {
        Reply run();
    }

    private static Reply only(final Request r, final String method, final Action action) {
        if (!method.equals(r.method())) {
            throw new SchemaRegistryException(405, 405, "HTTP 405 Method Not Allowed: " + r.method() + " on /" + String.join("/", r.path()));
        }
        return action.run();
    }

    private static Reply notFound(final Request r) {
        return error(404, 404, "HTTP 404 Not Found: " + r.method() + " /" + String.join("/", r.path()));
    }

    private static Reply error(final int status, final int code, final String message) {
        return new Reply(status, Json.MAPPER.createObjectNode().put("error_code", code).put("message", message).toString());
    }

    private static void send(final HttpExchange exchange, final Reply reply) throws IOException {
        final byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        try {
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } finally {
            exchange.close();
        }
    }

    /** The path's segments, percent-decoded ('+' stays a plus, as in a URL path). */
    private static List<String> segments(final String rawPath) {
        final List<String> out = new ArrayList<>();
        if (rawPath == null) {
            return out;
        }
        for (final String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                out.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static Map<String, String> query(final String rawQuery) {
        final Map<String, String> out = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (final String pair : rawQuery.split("&")) {
            final int eq = pair.indexOf('=');
            final String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(key, eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
