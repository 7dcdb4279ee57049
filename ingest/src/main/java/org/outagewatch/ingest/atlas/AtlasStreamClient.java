package org.outagewatch.ingest.atlas;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.outagewatch.ingest.bgp.RisLiveClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the RIPE Atlas streaming WebSocket on the JDK's {@link java.net.http.WebSocket}: consumes the text
 * messages of the stream and produces calls of a {@link Handler} with each complete message, numbered from 1 over the
 * client's life (one at a time, in order). On every connection it sends the subscribe messages
 * ({@link AtlasStreamMessages#subscribe}); when a connection closes, fails or cannot be made it logs one WARN line and
 * connects again after an exponential back-off with jitter ({@link RisLiveClient.Backoff}), which starts over once a
 * connection delivered a message. {@link #start()} runs it on its own thread until {@link #close()}.
 */
public final class AtlasStreamClient implements AutoCloseable {
    /** RIPE NCC's Atlas streaming endpoint (it asks clients to name themselves). */
    public static final URI DEFAULT_ENDPOINT = URI.create("wss://atlas-stream.ripe.net/stream/?client=outagewatch");
    private static final Logger LOG = LoggerFactory.getLogger(AtlasStreamClient.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Receives the messages, one at a time, from the WebSocket's threads. */
    @FunctionalInterface
    public interface Handler {
        void onMessage(long number, String text);
    }

    private final URI endpoint;
    private final List<String> subscriptions;
    private final RisLiveClient.Backoff backoff;
    private final Handler handler;
    private final HttpClient http;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final Object lock = new Object();
    private volatile boolean closed;
    private volatile WebSocket socket;
    private Thread thread;

    /**
     * @param subscriptions the text messages to send on every connection, such as {@code AtlasStreamMessages.subscribe(msm)}
     */
    public AtlasStreamClient(final URI endpoint, final List<String> subscriptions, final RisLiveClient.Backoff backoff,
                             final Handler handler) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.subscriptions = List.copyOf(subscriptions);
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** Starts the client on its own thread. */
    public AtlasStreamClient start() {
        synchronized (lock) {
            if (thread != null) {
                throw new IllegalStateException("Already started");
            }
            thread = new Thread(this::run, "atlas-stream-client");
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    /** Messages delivered so far. */
    public long messages() {
        return messages.get();
    }

    /** Connections opened so far. */
    public long connections() {
        return connections.get();
    }

    /** Times the client waited to connect again after a connection ended or could not be made. */
    public long reconnects() {
        return reconnects.get();
    }

    /** Stops the client: drops the connection and waits for its thread. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        final WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
        final Thread running;
        synchronized (lock) {
            running = thread;
        }
        if (running != null) {
            running.interrupt();
            running.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private void run() {
        int attempt = 0;
        while (!closed) {
            final long before = messages.get();
            final String ended = connectOnce();
            if (closed) {
                return;
            }
            if (messages.get() > before) {
                attempt = 0;
            }
            final Duration delay = backoff.delay(attempt, ThreadLocalRandom.current()::nextDouble);
            attempt++;
            final long reconnect = reconnects.incrementAndGet();
            LOG.warn("Atlas stream connection to {} ended: {}; reconnect {} in {} ms. messages=[{}]", endpoint, ended,
                    reconnect, delay.toMillis(), messages.get());
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One connection from connect to its end; returns why it ended. */
    private String connectOnce() {
        final CompletableFuture<String> end = new CompletableFuture<>();
        final WebSocket ws;
        try {
            ws = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT)
                    .buildAsync(endpoint, new Listener(end)).get(CONNECT_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return "cannot connect (" + (e.getCause() == null ? e : e.getCause()) + ")";
        } catch (TimeoutException e) {
            return "cannot connect (timed out)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        socket = ws;
        final long connection = connections.incrementAndGet();
        LOG.info("Atlas stream connected to {} (connection {}), subscribing: {}", endpoint, connection, subscriptions);
        try {
            for (final String subscription : subscriptions) {
                ws.sendText(subscription, true).get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            return end.get();
        } catch (ExecutionException e) {
            return "failed (" + (e.getCause() == null ? e : e.getCause()) + ")";
        } catch (TimeoutException e) {
            return "subscribe timed out";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            ws.abort();
            socket = null;
        }
    }

    /** Joins the fragments of each text message and hands it on; completes {@code end} when the connection ends. */
    private final class Listener implements WebSocket.Listener {
        private final CompletableFuture<String> end;
        private final StringBuilder text = new StringBuilder();

        Listener(final CompletableFuture<String> end) {
            this.end = end;
        }

        @Override
        public void onOpen(final WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last) {
            text.append(data);
            if (last) {
                final String message = text.toString();
                text.setLength(0);
                final long number = messages.incrementAndGet();
                try {
                    handler.onMessage(number, message);
                } catch (RuntimeException e) {
                    LOG.warn("Atlas stream message {} not handled: {}. endpoint=[{}]", number, e.toString(), endpoint, e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason) {
            end.complete("closed by the server (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(final WebSocket webSocket, final Throwable error) {
            end.complete("failed (" + error + ")");
        }
    }
}
