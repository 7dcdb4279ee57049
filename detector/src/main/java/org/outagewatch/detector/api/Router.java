package org.outagewatch.detector.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small GET router over the JDK's HTTP server: routes such as {@code /api/incidents/{id}} (a name matches one
 * path segment; {@code {name+}} matches one or more, for entity ids with a slash such as
 * {@code AS17557/twitter.com}), classpath resources under a prefix, and streaming handlers (server-sent events).
 * Routes are tried in registration order. A handler's {@link IllegalArgumentException} is a 400, an unavailable
 * store a 503, anything else a 500 (logged); every error body is {@code {"error": "..."}}.
 */
public final class Router implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** Answers a GET. */
    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request) throws Exception;
    }

    /** Writes the response itself (a stream of server-sent events). */
    @FunctionalInterface
    public interface StreamingHandler {
        void handle(ApiRequest request, HttpExchange exchange) throws IOException, InterruptedException;
    }

    private record Route(Pattern pattern, List<String> names, Handler handler, StreamingHandler streaming) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route, e.g. {@code /api/entities/{entity+}/series/{signal}}. */
    public Router get(final String template, final Handler handler) {
        routes.add(route(template, handler, null));
        return this;
    }

    public Router stream(final String template, final StreamingHandler handler) {
        routes.add(route(template, null, handler));
        return this;
    }

    /** Serves the classpath resources under {@code root} at {@code prefix/...}; {@code prefix} itself serves {@code index}. */
    public Router resources(final String prefix, final String root, final String index) {
        final String base = prefix.endsWith("/") ? prefix : prefix + "/";
        return get(base.equals("/") ? "/" : prefix, request -> resource(root + "/" + index))
                .get(base + "{path+}", request -> resource(root + "/" + request.param("path")));
    }

    private static Route route(final String template, final Handler handler, final StreamingHandler streaming) {
        final List<String> names = new ArrayList<>();
        final Matcher m = Pattern.compile("\\{([a-zA-Z]+)(\\+?)}").matcher(template);
        final StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+?)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return new Route(Pattern.compile(regex.toString()), names, handler, streaming);
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                send(exchange, ApiResponse.error(405, "Only GET is served"));
                return;
            }
            final String rawPath = exchange.getRequestURI().getRawPath();
            for (final Route route : routes) {
                final Matcher m = route.pattern().matcher(rawPath);
                if (m.matches()) {
                    final Map<String, String> params = new HashMap<>();
                    for (int i = 0; i < route.names().size(); i++) {
                        params.put(route.names().get(i), decode(m.group(i + 1)));
                    }
                    final ApiRequest request = new ApiRequest(decode(rawPath), params,
                            query(exchange.getRequestURI().getRawQuery()));
                    if (route.streaming() != null) {
                        route.streaming().handle(request, exchange);
                    } else {
                        send(exchange, answer(route.handler(), request));
                    }
                    return;
                }
            }
            send(exchange, ApiResponse.error(404, "No such resource: " + rawPath));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("Client went away: {}", e.toString());
        }
    }

    static ApiResponse answer(final Handler handler, final ApiRequest request) {
        try {
            return handler.handle(request);
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, e.getMessage());
        } catch (InvalidStateStoreException | InstanceRouter.UnavailableException e) {
            return ApiResponse.error(503, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiResponse.error(503, "interrupted");
        } catch (Exception e) {
            LOG.warn("Request {} failed", request.path(), e);
            return ApiResponse.error(500, e.toString());
        }
    }

    private static void send(final HttpExchange exchange, final ApiResponse response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        final boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    /** A classpath resource, or 404 (no path may leave the root). */
    static ApiResponse resource(final String path) throws IOException {
        if (path.contains("..")) {
            return ApiResponse.error(404, "No such resource");
        }
        try (InputStream in = Router.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return ApiResponse.error(404, "No such resource: " + path);
            }
            return new ApiResponse(200, contentType(path), in.readAllBytes());
        }
    }

    private static String contentType(final String path) {
        final String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (lower.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (lower.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (lower.endsWith(".json")) {
            return ApiResponse.JSON;
        } else if (lower.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "text/plain; charset=utf-8";
    }

    private static Map<String, String> query(final String raw) {
        final Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (final String pair : raw.split("&")) {
            final int eq = pair.indexOf('=');
            final String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            query.putIfAbsent(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return query;
    }

    private static String decode(final String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
