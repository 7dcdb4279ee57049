package org.outagewatch.ingest.source;

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
import org.slf4j.Logger;

/**
 * A reconnecting text WebSocket client on the JDK's {@link java.net.http.WebSocket}, the mechanism shared by the
 * streaming sources: consumes the text messages of an endpoint and produces calls of a {@link Handler} with each
 * complete message, numbered from 1 over the client's life (one at a time, in order). On every connection it sends
 * the subscribe messages; when a connection closes, fails or cannot be made it logs one WARN line and connects again
 * after an exponential back-off with jitter ({@link Backoff}), which starts over once a connection delivered a
 * message. {@link #start()} runs it on its own thread until {@link #close()}. Its log lines go to the owner's logger
 * and start with the owner's name (such as "RIS Live"), so each source keeps its own wording.
 */
public final class ReconnectingWebSocket implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Receives the messages, one at a time, from the WebSocket's threads. */
    @FunctionalInterface
    public interface Handler {
        void onMessage(long number, String text);
    }

    /**
     * Who uses the client: {@code name} starts every log line, {@code log} receives them, {@code threadName} names
     * the client's thread.
     */
    public record Owner(String name, Logger log, String threadName) {
        public Owner {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(log, "log");
            Objects.requireNonNull(threadName, "threadName");
        }
    }

    private final Owner owner;
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

    /** @param subscriptions the text messages to send on every connection */
    public ReconnectingWebSocket(final Owner owner, final URI endpoint, final List<String> subscriptions,
                                 final Backoff backoff, final Handler handler) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.subscriptions = List.copyOf(subscriptions);
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** Starts the client on its own thread and returns it; throws when already started. */
    public ReconnectingWebSocket start() {
        synchronized (lock) {
            if (thread != null) {
                throw new IllegalStateException("Already started");
            }
            thread = new Thread(this::run, owner.threadName());
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
            owner.log().warn(owner.name() + " connection to {} ended: {}; reconnect {} in {} ms. messages=[{}]",
                    endpoint, ended, reconnect, delay.toMillis(), messages.get());
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
        owner.log().info(owner.name() + " connected to {} (connection {}), subscribing: {}", endpoint, connection,
                subscriptions);
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
                    owner.log().warn(owner.name() + " message {} not handled: {}. endpoint=[{}]", number, e.toString(),
                            endpoint, e);
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
