package org.outagewatch.deploy.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An HTTP service is ready when {@code GET url} answers 200. */
public final class HttpReadiness implements ReadinessProbe {
    private static final Logger LOG = LoggerFactory.getLogger(HttpReadiness.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final URI url;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public HttpReadiness(final URI url) {
        this.url = url;
    }

    @Override
    public boolean isReady() {
        try {
            final HttpResponse<Void> response = client.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            LOG.debug("{} not ready yet: {}", url, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String describe() {
        return "GET " + url;
    }
}
