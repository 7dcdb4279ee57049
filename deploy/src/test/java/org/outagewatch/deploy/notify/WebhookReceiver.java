package org.outagewatch.deploy.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A local webhook receiver that answers 503 to its first {@code failures} requests, 422 to every body its
 * {@code refuses} rule matches, and 200 to the rest, and keeps every request.
 */
final class WebhookReceiver implements AutoCloseable {
    record Request(String deliveryId, String event, String signature, String body, int answered) {
    }

    private final HttpServer server;
    private final AtomicInteger failuresLeft;
    private final List<Request> requests = new ArrayList<>();

    WebhookReceiver(final int failures) throws IOException {
        this(failures, body -> false);
    }

    WebhookReceiver(final int failures, final Predicate<String> refuses) throws IOException {
        this.failuresLeft = new AtomicInteger(failures);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            final int status = failuresLeft.getAndDecrement() > 0 ? 503 : refuses.test(body) ? 422 : 200;
            synchronized (requests) {
                requests.add(new Request(exchange.getRequestHeaders().getFirst(Delivery.ID_HEADER),
                        exchange.getRequestHeaders().getFirst(Delivery.EVENT_HEADER),
                        exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER), body, status));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<Request> delivered() {
        return requests().stream().filter(r -> r.answered() == 200).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
