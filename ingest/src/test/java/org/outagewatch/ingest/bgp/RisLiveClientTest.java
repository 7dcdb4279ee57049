package org.outagewatch.ingest.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.outagewatch.ingest.source.Backoff;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.JsonPipeline;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.ReconnectingWebSocket;
import org.outagewatch.ingest.source.RecordSink;
import org.outagewatch.ingest.testing.LocalWebSocketServer;
import org.outagewatch.schemas.testing.SharedData;

/**
 * The RIS Live client against a local WebSocket server that replays the real shared messages and closes the first
 * connection half-way: the client subscribes on every connection, reconnects once, and delivers every message once,
 * in order.
 */
class RisLiveClientTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 0.5);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> SUBSCRIPTIONS = List.of(RisLiveClient.subscribe("UPDATE", null),
            RisLiveClient.subscribe("RIS_PEER_STATE", "rrc00"));

    private static List<String> realMessages() throws IOException {
        final List<String> lines = new ArrayList<>();
        for (final String name : List.of("bgpkit_ris_live_messages_real.jsonl", "libbgpstream_ris-live-stream.jsonl")) {
            lines.addAll(Files.readAllLines(SharedData.file("bgp/ris-live/" + name), StandardCharsets.UTF_8));
        }
        return lines;
    }

    private static void await(final BooleanSupplier condition) throws InterruptedException {
        final long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
    }

    @Test
    void shouldReconnectAfterTheServerClosesAndDeliverEveryMessageOnce() throws Exception {
        final List<String> messages = realMessages();
        assertThat(messages).hasSize(14);
        final int half = 5;
        final List<String> texts = new CopyOnWriteArrayList<>();
        final List<Long> numbers = new CopyOnWriteArrayList<>();
        try (LocalWebSocketServer server = new LocalWebSocketServer(SUBSCRIPTIONS.size(), connection -> connection == 1
                ? new LocalWebSocketServer.Script(messages.subList(0, half), true)
                : new LocalWebSocketServer.Script(messages.subList(half, messages.size()), false));
             ReconnectingWebSocket client = RisLiveClient.create(server.uri(), SUBSCRIPTIONS, FAST, (number, text) -> {
                 numbers.add(number);
                 texts.add(text);
             }).start()) {
            await(() -> texts.size() >= messages.size());
            assertThat(texts).containsExactlyElementsOf(messages);
            assertThat(numbers).containsExactlyElementsOf(LongStream.rangeClosed(1, messages.size()).boxed().toList());
            assertThat(client.connections()).isEqualTo(2);
            assertThat(client.reconnects()).isEqualTo(1);
            assertThat(server.connections()).isEqualTo(2);
            await(() -> server.received().stream().filter(s -> s.startsWith("{")).count() >= 4);
            assertThat(server.received()).filteredOn(s -> s.startsWith("{"))
                    .containsExactly(SUBSCRIPTIONS.get(0), SUBSCRIPTIONS.get(1), SUBSCRIPTIONS.get(0), SUBSCRIPTIONS.get(1));
        }
    }

    @Test
    void shouldTurnStreamedMessagesIntoTheSameUpdatesAsTheFiles() throws Exception {
        final List<String> messages = realMessages();
        final List<Keyed> live = new CopyOnWriteArrayList<>();
        final List<String> liveRejected = new CopyOnWriteArrayList<>();
        final RisLiveParser parser = new RisLiveParser();
        final JsonPipeline pipeline = new JsonPipeline(new JsonFileReader(), parser);
        final RecordSink sink = sink(live, liveRejected);
        try (LocalWebSocketServer server = new LocalWebSocketServer(SUBSCRIPTIONS.size(), connection ->
                new LocalWebSocketServer.Script(connection == 1 ? messages : List.of(), false));
             ReconnectingWebSocket client = RisLiveClient.create(server.uri(), SUBSCRIPTIONS, FAST, (number, text) ->
                     pipeline.handle(RisLiveParser.item(Origin.line(server.uri().toString(), number), text), sink)).start()) {
            await(() -> client.messages() >= messages.size());
        }
        final List<Keyed> fromFiles = new ArrayList<>();
        final List<String> fileRejected = new ArrayList<>();
        final JsonPipeline files = new JsonPipeline(new JsonFileReader(), new RisLiveParser());
        files.read(SharedData.file("bgp/ris-live/bgpkit_ris_live_messages_real.jsonl"), sink(fromFiles, fileRejected));
        files.read(SharedData.file("bgp/ris-live/libbgpstream_ris-live-stream.jsonl"), sink(fromFiles, fileRejected));
        assertThat(live).hasSize(15).isEqualTo(fromFiles);
        assertThat(liveRejected).hasSize(2).hasSameSizeAs(fileRejected);
        assertThat(liveRejected.get(1)).contains(":14 ").contains("Invalid JSON");
    }

    @Test
    void shouldKeepTryingWithBackOffWhenNothingListens() throws Exception {
        final URI nowhere;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = URI.create("ws://127.0.0.1:" + probe.getLocalPort() + "/");
        }
        try (ReconnectingWebSocket client = RisLiveClient.create(nowhere, SUBSCRIPTIONS, FAST, (number, text) -> { }).start()) {
            await(() -> client.reconnects() >= 3);
            assertThat(client.reconnects()).isGreaterThanOrEqualTo(3);
            assertThat(client.connections()).isZero();
            assertThat(client.messages()).isZero();
        }
    }

    @Test
    void shouldGrowTheBackOffExponentiallyUpToTheMaximumWithJitter() {
        final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.5);
        assertThat(backoff.delay(0, () -> 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(0, () -> 0.999)).isBetween(Duration.ofMillis(999), Duration.ofMillis(1000));
        assertThat(backoff.delay(3, () -> 0.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delay(6, () -> 1.0)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.delay(1000, () -> 0.0)).isEqualTo(Duration.ofSeconds(30));
    }

    private static RecordSink sink(final List<Keyed> records, final List<String> rejected) {
        return new RecordSink() {
            @Override
            public void accept(final Keyed record) {
                records.add(record);
            }

            @Override
            public void reject(final Origin origin, final String reason, final Throwable error, final byte[] payload) {
                rejected.add(origin + " " + reason);
            }
        };
    }
}
