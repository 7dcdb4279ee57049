package org.outagewatch.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach a schema registry, read from the same keys Confluent's clients use, so a user's
 * existing properties work unchanged:
 * <ul>
 *   <li>{@code schema.registry.url}: comma-separated base URLs, or {@code mock://scope} for an in-memory one;</li>
 *   <li>{@code basic.auth.credentials.source=USER_INFO} with {@code basic.auth.user.info=user:password} (or
 *       Confluent's older {@code schema.registry.basic.auth.user.info}, which the environment variable
 *       {@code SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO} sets);</li>
 *   <li>{@code schema.registry.ssl.truststore.location}, {@code .password}, {@code .type},
 *       {@code schema.registry.ssl.keystore.location}, {@code .password}, {@code .type}, {@code schema.registry.ssl.key.password};</li>
 *   <li>{@code schema.registry.request.timeout.ms} (default 30000).</li>
 * </ul>
 */
public record RegistryClientConfig(
        List<String> urls,
        String userInfo,
        TlsSettings tls,
        int requestTimeoutMs) {

    public static final String URL = "schema.registry.url";
    public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String USER_INFO = "basic.auth.user.info";
    /** Confluent's older name of {@link #USER_INFO}, read when that is not set. */
    public static final String REGISTRY_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String TIMEOUT = "schema.registry.request.timeout.ms";
    public static final String MOCK_SCHEME = "mock://";

    public RegistryClientConfig {
        Objects.requireNonNull(urls, "urls");
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(URL + " is required");
        }
        urls = List.copyOf(urls);
    }

    /** Reads the settings from a Kafka-style config map; fails with a clear message when the URL is missing. */
    public static RegistryClientConfig from(final Map<String, ?> configs) {
        final Object url = configs.get(URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException("Missing required setting " + URL + " (for example http://localhost:8081)");
        }
        final List<String> urls = new ArrayList<>();
        for (final String part : url.toString().split(",")) {
            if (!part.isBlank()) {
                urls.add(stripSlash(part.trim()));
            }
        }
        String userInfo = null;
        final Object source = configs.get(CREDENTIALS_SOURCE);
        final Object info = configs.get(USER_INFO) != null ? configs.get(USER_INFO) : configs.get(REGISTRY_USER_INFO);
        if (info != null && !info.toString().isBlank()
                && (source == null || "USER_INFO".equalsIgnoreCase(source.toString()))) {
            userInfo = info.toString();
        }
        final Object timeout = configs.get(TIMEOUT);
        return new RegistryClientConfig(urls, userInfo, TlsSettings.from(configs),
                timeout == null ? 30_000 : Integer.parseInt(timeout.toString()));
    }

    public boolean isMock() {
        return urls.get(0).startsWith(MOCK_SCHEME);
    }

    private static String stripSlash(final String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
