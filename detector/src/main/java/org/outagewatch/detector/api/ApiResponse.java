package org.outagewatch.detector.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A response: status, content type and body. */
public record ApiResponse(int status, String contentType, byte[] body) {
    public static final String JSON = "application/json; charset=utf-8";

    public static ApiResponse json(final Object value) {
        return json(200, value);
    }

    public static ApiResponse json(final int status, final Object value) {
        return new ApiResponse(status, JSON, Json.bytes(value));
    }

    /** An error as {@code {"error": message}}. */
    public static ApiResponse error(final int status, final String message) {
        return json(status, Map.of("error", message == null ? "error" : message));
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
