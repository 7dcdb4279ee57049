package org.outagewatch.ingest.atlas;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.outagewatch.ingest.source.Backoff;
import org.outagewatch.ingest.source.ReconnectingWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the RIPE Atlas streaming WebSocket on a {@link ReconnectingWebSocket}: consumes the text messages of
 * the stream and produces calls of a {@link Handler} with each complete message, numbered from 1 over the client's
 * life (one at a time, in order). On every connection it sends the subscribe messages
 * ({@link AtlasStreamMessages#subscribe}); when a connection closes, fails or cannot be made it logs one WARN line and
 * connects again after an exponential back-off with jitter ({@link Backoff}), which starts over once a connection
 * delivered a message. {@link #start()} runs it on its own thread until {@link #close()}.
 */
public final class AtlasStreamClient implements AutoCloseable {
    /** RIPE NCC's Atlas streaming endpoint (it asks clients to name themselves). */
    public static final URI DEFAULT_ENDPOINT = URI.create("wss://atlas-stream.ripe.net/stream/?client=outagewatch");
    private static final Logger LOG = LoggerFactory.getLogger(AtlasStreamClient.class);
    private static final ReconnectingWebSocket.Owner OWNER = new ReconnectingWebSocket.Owner("Atlas stream", LOG,
            "atlas-stream-client");

    /** Receives the messages, one at a time, from the WebSocket's threads. */
    @FunctionalInterface
    public interface Handler {
        void onMessage(long number, String text);
    }

    private final ReconnectingWebSocket socket;

    /**
     * @param subscriptions the text messages to send on every connection, such as {@code AtlasStreamMessages.subscribe(msm)}
     */
    public AtlasStreamClient(final URI endpoint, final List<String> subscriptions, final Backoff backoff,
                             final Handler handler) {
        Objects.requireNonNull(handler, "handler");
        this.socket = new ReconnectingWebSocket(OWNER, endpoint, subscriptions, backoff, handler::onMessage);
    }

    /** Starts the client on its own thread. */
    public AtlasStreamClient start() {
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

    /** Times the client waited to connect again after a connection ended or could not be made. */
    public long reconnects() {
        return socket.reconnects();
    }

    /** Stops the client: drops the connection and waits for its thread. */
    @Override
    public void close() throws InterruptedException {
        socket.close();
    }
}
