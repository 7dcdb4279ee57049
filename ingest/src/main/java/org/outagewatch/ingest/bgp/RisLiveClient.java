package org.outagewatch.ingest.bgp;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.outagewatch.ingest.source.Backoff;
import org.outagewatch.ingest.source.ReconnectingWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A RIS Live WebSocket client on a {@link ReconnectingWebSocket}: connects, sends the subscribe messages,
 * hands every complete text message to a {@link Handler} (numbered from 1 over the client's life), and when the
 * connection closes, fails or cannot be made, logs one WARN line and reconnects after an exponential back-off with
 * jitter ({@link Backoff}); the back-off starts over once a connection has delivered a message. {@link #start()} runs
 * it on its own thread until {@link #close()}.
 */
public final class RisLiveClient implements AutoCloseable {
    /** RIPE NCC's RIS Live endpoint (it asks clients to name themselves). */
    public static final URI DEFAULT_ENDPOINT = URI.create("wss://ris-live.ripe.net/v1/ws/?client=outagewatch");
    private static final Logger LOG = LoggerFactory.getLogger(RisLiveClient.class);
    private static final ReconnectingWebSocket.Owner OWNER = new ReconnectingWebSocket.Owner("RIS Live", LOG,
            "ris-live-client");

    /** Receives the messages; called from the WebSocket's thread, one message at a time. */
    @FunctionalInterface
    public interface Handler {
        void onMessage(long number, String text);
    }

    private final ReconnectingWebSocket socket;

    public RisLiveClient(final URI endpoint, final List<String> subscriptions, final Backoff backoff, final Handler handler) {
        Objects.requireNonNull(handler, "handler");
        this.socket = new ReconnectingWebSocket(OWNER, endpoint, subscriptions, backoff, handler::onMessage);
    }

    /** The subscribe message for one message type (UPDATE, RIS_PEER_STATE...), of one collector when host is given. */
    public static String subscribe(final String type, final String host) {
        return "{\"type\":\"ris_subscribe\",\"data\":{\"type\":\"" + type + "\""
                + (host == null ? "" : ",\"host\":\"" + host + "\"") + "}}";
    }

    /** Starts the client on its own thread. */
    public RisLiveClient start() {
        socket.start();
        return this;
    }

    /** Messages delivered so far. */
    public long messages() {
        return socket.messages();
    }

    /** Connections opened so far. */
    public long connections() {
        return socket.connections();
    }

    /** Times the client waited to connect again after a connection ended or failed. */
    public long reconnects() {
        return socket.reconnects();
    }

    /** Stops the client: closes the connection and waits for its thread. */
    @Override
    public void close() throws InterruptedException {
        socket.close();
    }
}
