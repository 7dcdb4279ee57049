package org.outagewatch.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API ({@code application/vnd.schemaregistry.v1+json}).
 *
 * <p>Ids and schemas are cached: a registered (subject, schema) pair and a schema fetched by id are asked
 * for once per client. Confluent's error JSON ({@code {"error_code":40401,"message":...}}) becomes a
 * {@link SchemaRegistryException} with that code; a registry that cannot be reached at any of the
 * configured URLs gives one with code {@link SchemaRegistryException#UNREACHABLE}, after retrying for a bounded
 * total ({@link RegistryOutage}: one log line when the registry goes away, one when it is back).
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final String authorization;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final RegistryOutage outage;
    private final Duration retryFor;

    public HttpSchemaRegistryClient(final RegistryClientConfig config) {
        this(config, Duration.ofMillis(RegistryOutage.DEFAULT_RETRY_MS));
    }

    /** A client that retries an unreachable registry for at most {@code retryFor} per call (zero: not at all). */
    public HttpSchemaRegistryClient(final RegistryClientConfig config, final Duration retryFor) {
        this.config = config;
        this.outage = RegistryOutage.of(config.urls());
        this.retryFor = retryFor;
        final HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(Math.min(config.requestTimeoutMs(), 10_000)));
        if (!config.tls().isDefault()) {
            builder.sslContext(config.tls().sslContext());
        }
        this.http = builder.build();
        this.authorization = config.userInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(config.userInfo().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int register(final String subject, final Schema schema) {
        final Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        final Integer cached = ids.get(schema);
        if (cached != null) {
            return cached;
        }
        final JsonNode answer = send("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
        final int id = answer.path("id").asInt();
        ids.put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public SchemaVersion lookup(final String subject, final Schema schema) {
        return toVersion(send("POST", "/subjects/" + enc(subject), schemaBody(schema)));
    }

    @Override
    public Schema getById(final int id) {
        final Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        final JsonNode answer = send("GET", "/schemas/ids/" + id, null);
        final Schema schema = parse(answer.path("schema").asText());
        schemasById.put(id, schema);
        return schema;
    }

    @Override
    public SchemaVersion latest(final String subject) {
        return toVersion(send("GET", "/subjects/" + enc(subject) + "/versions/latest", null));
    }

    @Override
    public SchemaVersion version(final String subject, final int version) {
        final String v = version == LATEST ? "latest" : Integer.toString(version);
        return toVersion(send("GET", "/subjects/" + enc(subject) + "/versions/" + v, null));
    }

    @Override
    public List<String> subjects() {
        final List<String> subjects = new ArrayList<>();
        send("GET", "/subjects", null).forEach(n -> subjects.add(n.asText()));
        return subjects;
    }

    @Override
    public List<Integer> versions(final String subject) {
        final List<Integer> versions = new ArrayList<>();
        send("GET", "/subjects/" + enc(subject) + "/versions", null).forEach(n -> versions.add(n.asInt()));
        return versions;
    }

    @Override
    public boolean testCompatibility(final String subject, final int version, final Schema schema) {
        final String v = version == LATEST ? "latest" : Integer.toString(version);
        return send("POST", "/compatibility/subjects/" + enc(subject) + "/versions/" + v, schemaBody(schema))
                .path("is_compatible").asBoolean(false);
    }

    @Override
    public CompatibilityLevel compatibility(final String subjectOrNull) {
        final String path = subjectOrNull == null ? "/config" : "/config/" + enc(subjectOrNull) + "?defaultToGlobal=true";
        final JsonNode answer = send("GET", path, null);
        final String level = answer.has("compatibilityLevel") ? answer.get("compatibilityLevel").asText()
                : answer.path("compatibility").asText();
        return CompatibilityLevel.parse(level);
    }

    @Override
    public void setCompatibility(final String subjectOrNull, final CompatibilityLevel level) {
        final ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        send("PUT", subjectOrNull == null ? "/config" : "/config/" + enc(subjectOrNull), body.toString());
    }

    private static String schemaBody(final Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private SchemaVersion toVersion(final JsonNode node) {
        final Schema schema = parse(node.path("schema").asText());
        final int id = node.path("id").asInt();
        schemasById.putIfAbsent(id, schema);
        return new SchemaVersion(node.path("subject").asText(), node.path("version").asInt(), id, schema);
    }

    private static Schema parse(final String text) {
        return new Schema.Parser().parse(text);
    }

    private static String enc(final String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sends the request, retrying while no configured URL answers ({@link RegistryOutage}). */
    private JsonNode send(final String method, final String path, final String body) {
        return outage.call(() -> sendOnce(method, path, body), retryFor);
    }

    /** Sends the request to each configured URL in turn until one answers. */
    private JsonNode sendOnce(final String method, final String path, final String body) {
        IOException lastFailure = null;
        for (final String base : config.urls()) {
            final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofMillis(config.requestTimeoutMs()))
                    .header("Accept", CONTENT_TYPE + ", application/json");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", CONTENT_TYPE);
                request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            }
            final HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                lastFailure = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(SchemaRegistryException.UNREACHABLE, 0, "Interrupted while calling the schema registry", e);
            }
            return answer(method, base + path, response);
        }
        // a TLS handshake that fails is the client's trust settings, not an outage: refused at once, not retried
        throw new SchemaRegistryException(lastFailure instanceof SSLException ? SchemaRegistryException.TLS_REFUSED
                : SchemaRegistryException.UNREACHABLE, 0,
                "Cannot reach the schema registry at " + String.join(", ", config.urls()) + ": " + describe(lastFailure),
                lastFailure);
    }

    /** One line for a failed call; a TLS failure says which setting decides the trust. */
    private static String describe(final IOException failure) {
        if (failure == null) {
            return "no URL";
        }
        final String what = failure.getClass().getSimpleName() + " " + failure.getMessage();
        if (failure instanceof SSLException) {
            return "TLS handshake failed (" + what + "); trust the registry's certificate authority with "
                    + "schema.registry.ssl.truststore.location and schema.registry.ssl.truststore.password";
        }
        return what;
    }

    private static JsonNode answer(final String method, final String url, final HttpResponse<String> response) {
        final JsonNode json;
        try {
            json = response.body() == null || response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SchemaRegistryException(SchemaRegistryException.STORE_ERROR, response.statusCode(),
                    "The schema registry answered " + method + " " + url + " with HTTP " + response.statusCode() + " and a body that is not JSON");
        }
        if (response.statusCode() / 100 == 2) {
            return json;
        }
        final int code = json.path("error_code").asInt(response.statusCode());
        final String message = json.path("message").asText("HTTP " + response.statusCode());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new SchemaRegistryException(code, response.statusCode(), "The schema registry refused the credentials: " + message);
        }
        throw new SchemaRegistryException(code, response.statusCode(), message);
    }
}
