package org.outagewatch.ingest.bgp;

import java.net.URI;
import java.util.List;
import org.outagewatch.ingest.source.Backoff;
import org.outagewatch.ingest.source.ReconnectingWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RIS Live as a {@link ReconnectingWebSocket}: it sends the subscribe messages ({@link #subscribe}) on every
 * connection, hands every complete text message to the handler (numbered from 1 over the client's life), and when the
 * connection closes, fails or cannot be made, logs one WARN line (as "RIS Live") and reconnects after an exponential
 * back-off with jitter ({@link Backoff}); the back-off starts over once a connection has delivered a message.
 */
public final class RisLiveClient {
    /** RIPE NCC's RIS Live endpoint (it asks clients to name themselves). */
    public static final URI DEFAULT_ENDPOINT = URI.create("wss://ris-live.ripe.net/v1/ws/?client=outagewatch");
    private static final Logger LOG = LoggerFactory.getLogger(RisLiveClient.class);
    private static final ReconnectingWebSocket.Owner OWNER = new ReconnectingWebSocket.Owner("RIS Live", LOG,
            "ris-live-client");

    private RisLiveClient() {
    }

    /** A client, not started yet. */
    public static ReconnectingWebSocket create(final URI endpoint, final List<String> subscriptions, final Backoff backoff,
                                               final ReconnectingWebSocket.Handler handler) {
        return new ReconnectingWebSocket(OWNER, endpoint, subscriptions, backoff, handler);
    }

    /** The subscribe message for one message type (UPDATE, RIS_PEER_STATE...), of one collector when host is given. */
    public static String subscribe(final String type, final String host) {
        return "{\"type\":\"ris_subscribe\",\"data\":{\"type\":\"" + type + "\""
                + (host == null ? "" : ",\"host\":\"" + host + "\"") + "}}";
    }
}
