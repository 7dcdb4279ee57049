package org.outagewatch.ingest.bgp;

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
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RIS Live WebSocket client on the JDK's {@link java.net.http.WebSocket}: connects, sends the subscribe messages,
 * hands every complete text message to a {@link Handler} (numbered from 1 over the client's life), and when the
 * connection closes, fails or cannot be made, logs one WARN line and reconnects after an exponential back-off with
 * jitter ({@link Backoff}); the back-off starts over once a connection has delivered a message. {@link #start()} runs
 * it on its own thread until {@link #close()}.
 */
public final class RisLiveClient implements AutoCloseable {
    /** RIPE NCC's RIS Live endpoint (it asks clients to name themselves). */
    public static final URI DEFAULT_ENDPOINT = URI.create("wss://ris-live.ripe.net/v1/ws/?client=outagewatch");
    private static final Logger LOG = LoggerFactory.getLogger(RisLiveClient.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Receives the messages; called from the WebSocket's thread, one message at a time. */
    @FunctionalInterface
    public interface Handler {
        void onMessage(long number, String text);
    }

    /**
     * Exponential back-off with jitter: attempt n (from 0) waits {@code min(max, initial * 2^n)}, of which the
     * fraction {@code jitter} is random (equal jitter: at least {@code (1 - jitter)} of it).
     */
    public record Backoff(Duration initial, Duration max, double jitter) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2), 0.5);

        public Backoff {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || jitter < 0 || jitter > 1) {
                throw new IllegalArgumentException("Bad back-off: initial " + initial + ", max " + max + ", jitter " + jitter);
            }
        }

        /** The wait before attempt n, given a random number in [0, 1). */
        public Duration delay(final int attempt, final DoubleSupplier random) {
            final long ceiling = Math.min(max.toMillis(), initial.toMillis() * (1L << Math.min(Math.max(attempt, 0), 30)));
            final long fixed = Math.round(ceiling * (1 - jitter));
            return Duration.ofMillis(fixed + Math.round((ceiling - fixed) * random.getAsDouble()));
        }
    }

    private final URI endpoint;
    private final List<String> subscriptions;
    private final Backoff backoff;
    private final Handler handler;
    private final HttpClient http;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final Object lock = new Object();
    private volatile boolean closed;
    private volatile WebSocket socket;
    private Thread thread;

    public RisLiveClient(final URI endpoint, final List<String> subscriptions, final Backoff backoff, final Handler handler) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.subscriptions = List.copyOf(subscriptions);
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** The subscribe message for one message type (UPDATE, RIS_PEER_STATE...), of one collector when host is given. */
    public static String subscribe(final String type, final String host) {
        return "{\"type\":\"ris_subscribe\",\"data\":{\"type\":\"" + type + "\""
                + (host == null ? "" : ",\"host\":\"" + host + "\"") + "}}";
    }

    /** Starts the client on its own thread. */
    public RisLiveClient start() {
        synchronized (lock) {
            if (thread != null) {
                throw new IllegalStateException("Already started");
            }
            thread = new Thread(this::run, "ris-live-client");
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

    /** Times the client waited to connect again after a connection ended or failed. */
    public long reconnects() {
        return reconnects.get();
    }

    /** Stops the client: closes the connection and waits for its thread. */
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
            reconnects.incrementAndGet();
            LOG.warn("RIS Live connection to {} ended: {}; reconnect {} in {} ms. messages=[{}]", endpoint, ended,
                    reconnects.get(), delay.toMillis(), messages.get());
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One connection, from connect to its end; returns why it ended. */
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
        connections.incrementAndGet();
        LOG.info("RIS Live connected to {} (connection {}), subscribing: {}", endpoint, connections.get(), subscriptions);
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
                    LOG.warn("RIS Live message {} not handled: {}. endpoint=[{}]", number, e.toString(), endpoint, e);
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
