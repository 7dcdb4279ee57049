package org.outagewatch.detector.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes any detector instance answer for any key. A keyed question goes to the instance that hosts the key's
 * partition ({@link KafkaStreams#queryMetadataForKey}, from every instance's {@code application.server}): answered
 * here when that is this instance, else forwarded over HTTP with {@code ?forwarded=1} (the owner then answers
 * from its own stores, never forwarding again). A question over all keys asks every instance that hosts a
 * partition of the store ({@link KafkaStreams#streamsMetadataForStore}) and merges their arrays.
 */
public final class InstanceRouter {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceRouter.class);
    /** How long a forwarded request may take. */
    public static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);

    /** Answers a request from this instance's stores. */
    @FunctionalInterface
    public interface Local {
        ApiResponse answer(ApiRequest request) throws Exception;
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public InstanceRouter(final KafkaStreams streams, final HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    public HostInfo self() {
        return self;
    }

    /** The answer of the instance that owns this key of this store. */
    public ApiResponse byKey(final String store, final String key, final ApiRequest request, final Local local)
            throws Exception {
        if (request.forwarded()) {
            return local.answer(request);
        }
        final KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            return ApiResponse.error(503, "No instance hosts " + store + " for " + key + " right now (rebalancing?)");
        }
        if (self.equals(metadata.activeHost())) {
            return local.answer(request);
        }
        return forward(metadata.activeHost(), request);
    }

    /**
     * Every instance's answer (this one's locally) of a request whose JSON answer is an object with an array
     * {@code field}: the elements of all those arrays.
     */
    public List<JsonNode> fromAll(final String store, final String field, final ApiRequest request, final Local local)
            throws Exception {
        final List<JsonNode> merged = new ArrayList<>();
        final Collection<HostInfo> hosts = request.forwarded() ? List.of(self) : hosts(store);
        for (final HostInfo host : hosts) {
            final ApiResponse answer = self.equals(host) ? local.answer(request) : forward(host, request);
            if (answer.status() != 200) {
                throw new UnavailableException(host + " answered " + answer.status() + ": " + answer.text());
            }
            Json.tree(answer.body()).path(field).forEach(merged::add);
        }
        return merged;
    }

    /** The instances hosting a partition of the store (this one alone before the first assignment). */
    public Collection<HostInfo> hosts(final String store) {
        final List<HostInfo> hosts = new ArrayList<>();
        for (final StreamsMetadata metadata : streams.streamsMetadataForStore(store)) {
            hosts.add(metadata.hostInfo());
        }
        if (hosts.isEmpty()) {
            throw new UnavailableException("No instance hosts " + store + " right now (starting or rebalancing)");
        }
        return hosts;
    }

    /** Every running instance of the application (for health). */
    public List<String> instances() {
        final List<String> all = new ArrayList<>();
        for (final StreamsMetadata metadata : streams.metadataForAllStreamsClients()) {
            all.add(metadata.host() + ":" + metadata.port());
        }
        return all;
    }

    ApiResponse forward(final HostInfo host, final ApiRequest request) throws InterruptedException {
        final URI uri = URI.create("http://" + host.host() + ":" + host.port() + request.forwardedUri());
        try {
            final HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri).timeout(FORWARD_TIMEOUT).GET()
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            return new ApiResponse(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(ApiResponse.JSON), response.body());
        } catch (IOException e) {
            LOG.warn("Forwarding {} to {} failed: {}", request.path(), host, e.toString());
            return ApiResponse.error(502, "The instance that owns this key (" + host + ") did not answer: " + e.getMessage());
        }
    }

    /** No instance can answer now; a 503. */
    public static final class UnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnavailableException(final String message) {
            super(message);
        }
    }
}
