package org.outagewatch.detector.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A GET request as a handler sees it: the decoded path, the values of the path's {@code {names}}, and the query
 * parameters (first value of each).
 */
public record ApiRequest(String path, Map<String, String> pathParams, Map<String, String> query) {
    /** The query parameter that marks a request one instance forwarded to another: answer it locally. */
    public static final String FORWARDED = "forwarded";

    public ApiRequest {
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
    }

    public String param(final String name) {
        return pathParams.get(name);
    }

    /** A query parameter, or null when absent or empty. */
    public String query(final String name) {
        final String value = query.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    public boolean forwarded() {
        return query.containsKey(FORWARDED);
    }

    /** A boolean query parameter ({@code true}/{@code false}), or null when absent. */
    public Boolean bool(final String name) {
        final String value = query(name);
        if (value == null) {
            return null;
        }
        if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
            throw new IllegalArgumentException(name + " must be true or false: " + value);
        }
        return Boolean.parseBoolean(value);
    }

    public int intParam(final String name, final int fallback, final int max) {
        final String value = query(name);
        if (value == null) {
            return fallback;
        }
        try {
            final int parsed = Integer.parseInt(value);
            if (parsed < 1 || parsed > max) {
                throw new IllegalArgumentException(name + " must be between 1 and " + max + ": " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number: " + value, e);
        }
    }

    /** A time query parameter, ISO-8601 ({@code 2024-03-04T08:00:00Z}) or epoch millis, or the fallback. */
    public long time(final String name, final long fallback) {
        final String value = query(name);
        if (value == null) {
            return fallback;
        }
        try {
            return value.chars().allMatch(Character::isDigit) ? Long.parseLong(value) : Instant.parse(value).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant or epoch millis: " + value, e);
        }
    }

    /** The path and query of this request as the owner of a key is asked it (marked as forwarded). */
    public String forwardedUri() {
        final String params = query.entrySet().stream()
                .filter(e -> !e.getKey().equals(FORWARDED))
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        final String rawPath = Arrays.stream(path.split("/", -1)).map(ApiRequest::encode)
                .collect(Collectors.joining("/"));
        return rawPath + "?" + (params.isEmpty() ? "" : params + "&") + FORWARDED + "=1";
    }

    private static String encode(final String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
