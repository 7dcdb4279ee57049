package org.outagewatch.ingest.atlas;

import java.net.URI;
import java.util.List;
import org.outagewatch.ingest.source.Backoff;
import org.outagewatch.ingest.source.ReconnectingWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RIPE Atlas streaming WebSocket as a {@link ReconnectingWebSocket}: the handler gets each complete text message
 * of the stream, numbered from 1 over the client's life (one at a time, in order). On every connection the client
 * sends the subscribe messages ({@link AtlasStreamMessages#subscribe}); when a connection closes, fails or cannot be
 * made it logs one WARN line (as "Atlas stream") and connects again after an exponential back-off with jitter
 * ({@link Backoff}), which starts over once a connection delivered a message.
 */
public final class AtlasStreamClient {
    /** RIPE NCC's Atlas streaming endpoint (it asks clients to name themselves). */
    public static final URI DEFAULT_ENDPOINT = URI.create("wss://atlas-stream.ripe.net/stream/?client=outagewatch");
    private static final Logger LOG = LoggerFactory.getLogger(AtlasStreamClient.class);
    private static final ReconnectingWebSocket.Owner OWNER = new ReconnectingWebSocket.Owner("Atlas stream", LOG,
            "atlas-stream-client");

    private AtlasStreamClient() {
    }

    /**
     * A client, not started yet.
     *
     * @param subscriptions the text messages to send on every connection, such as {@code AtlasStreamMessages.subscribe(msm)}
     */
    public static ReconnectingWebSocket create(final URI endpoint, final List<String> subscriptions, final Backoff backoff,
                                               final ReconnectingWebSocket.Handler handler) {
        return new ReconnectingWebSocket(OWNER, endpoint, subscriptions, backoff, handler);
    }
}
