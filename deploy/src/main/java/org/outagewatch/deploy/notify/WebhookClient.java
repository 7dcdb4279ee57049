package org.outagewatch.deploy.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/** POSTs deliveries to one webhook URL; an attempt succeeds on a 2xx answer only. */
public final class WebhookClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI url;
    private final WebhookSignature signature;
    private final HttpClient http;

    /**
     * @param signature signs every body, or null for no signature header
     */
    public WebhookClient(final URI url, final WebhookSignature signature) {
        this.url = url;
        this.signature = signature;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** What one attempt gave: the HTTP status, or -1 and the error when there was no answer. */
    public record Outcome(int status, String error) {
        /**
         * The answers that refuse this request for what it carries (400 Bad Request, 413 Content Too Large, 415
         * Unsupported Media Type, 422 Unprocessable Content): the same body sent again gets the same answer. Other
         * answers (5xx, 408, 429, and 401, 403, 404 of a receiver that is misconfigured or not there yet) say
         * nothing against the body, and a retry may succeed.
         */
        private static final Set<Integer> REFUSING_THE_BODY = Set.of(400, 413, 415, 422);

        public boolean delivered() {
            return status >= 200 && status < 300;
        }

        public boolean refusesTheBody() {
            return REFUSING_THE_BODY.contains(status);
        }

        @Override
        public String toString() {
            return status < 0 ? error : "HTTP " + status;
        }
    }

    public Outcome post(final Delivery delivery) throws InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "outagewatch-notify")
                .header(Delivery.ID_HEADER, delivery.id())
                .header(Delivery.EVENT_HEADER, delivery.status())
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
        if (signature != null) {
            request.header(WebhookSignature.HEADER, signature.sign(delivery.body()));
        }
        try {
            final HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return new Outcome(response.statusCode(), null);
        } catch (IOException e) {
            return new Outcome(-1, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
