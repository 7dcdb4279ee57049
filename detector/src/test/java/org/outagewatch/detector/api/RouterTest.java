package org.outagewatch.detector.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.config.Settings;

class RouterTest {
    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        final Router router = new Router()
                .get("/api/entities/{entity+}/series/{signal}", request -> ApiResponse.json(Map.of(
                        "entity", request.param("entity"), "signal", request.param("signal"),
                        "from", request.time("from", -1L))))
                .get("/api/items/{id}", request -> ApiResponse.json(Map.of("id", request.param("id"),
                        "limit", request.intParam("limit", 10, 100))))
                .get("/api/fail", request -> {
                    throw new IllegalStateException("boom");
                })
                .resources("/", ApiRoutes.DASHBOARD, "index.html");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", router);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpResponse<String> get(final String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldMatchEntityIdsWithASlashAndDecodeParameters() throws Exception {
        final HttpResponse<String> plain = get("/api/entities/AS17557/twitter.com/series/service.accessible?from=1000");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).contains("\"entity\":\"AS17557/twitter.com\"", "\"signal\":\"service.accessible\"",
                "\"from\":1000");
        final HttpResponse<String> encoded = get("/api/entities/AS17557%2Ftwitter.com/series/service.accessible"
                + "?from=2024-03-04T00:00:00Z");
        assertThat(encoded.body()).contains("\"entity\":\"AS17557/twitter.com\"", "\"from\":1709510400000");
    }

    @Test
    void shouldAnswerBadParametersWith400UnknownPathsWith404AndFailuresWith500() throws Exception {
        assertThat(get("/api/items/x?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/items/x?limit=ten").body()).contains("limit must be a number");
        assertThat(get("/api/items/x?limit=5").body()).contains("\"limit\":5");
        assertThat(get("/api/entities/AS1/series/x?from=yesterday").statusCode()).isEqualTo(400);
        assertThat(get("/api/fail").statusCode()).isEqualTo(500);
        assertThat(get("/nothing-here.js").statusCode()).isEqualTo(404);
        assertThat(get("/..%2F..%2Fapi%2FApiRoutes.class").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldServeTheDashboardFromTheClasspath() throws Exception {
        final HttpResponse<String> index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(index.body()).contains("/webjars/uplot/dist/uPlot.iife.min.js", "/app.js");
        assertThat(get("/app.js").headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
    }

    @Test
    void shouldForwardWithTheQueryAndAMark() {
        final ApiRequest request = new ApiRequest("/api/entities/AS17557/twitter.com/series/service.accessible", Map.of(),
                Map.of("from", "2024-03-04T00:00:00Z"));
        assertThat(request.forwardedUri()).isEqualTo(
                "/api/entities/AS17557/twitter.com/series/service.accessible?from=2024-03-04T00%3A00%3A00Z&forwarded=1");
    }

    @Test
    void shouldReadTheApiSettings() {
        assertThat(ApiSettings.from(Settings.of(Map.of())).enabled()).isFalse();
        assertThat(ApiSettings.from(Settings.of(Map.of(ApiSettings.PORT, "off"))).enabled()).isFalse();
        final ApiSettings set = ApiSettings.from(Settings.of(Map.of(ApiSettings.PORT, "0",
                ApiSettings.ADVERTISED_HOST, "detector-1")));
        assertThat(set.port()).isZero();
        assertThat(set.advertisedHost()).isEqualTo("detector-1");
        assertThatThrownBy(() -> ApiSettings.from(Settings.of(Map.of(ApiSettings.PORT, "eighty"))))
                .hasMessageContaining(ApiSettings.PORT);
        assertThatThrownBy(() -> ApiSettings.from(Settings.of(Map.of(ApiSettings.PORT, "70000"))))
                .hasMessageContaining("0-65535");
    }
}
