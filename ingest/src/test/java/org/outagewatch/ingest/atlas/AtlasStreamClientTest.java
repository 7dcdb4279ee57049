package org.outagewatch.ingest.atlas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.outagewatch.ingest.app.IngestCommand;
import org.outagewatch.ingest.asn.PrefixTable;
import org.outagewatch.ingest.asn.PrefixTableLoader;
import org.outagewatch.ingest.source.Backoff;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.JsonPipeline;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.ReconnectingWebSocket;
import org.outagewatch.ingest.source.RecordSink;
import org.outagewatch.ingest.source.SourceItem;
import org.outagewatch.ingest.testing.LocalWebSocketServer;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.testing.SharedData;
import picocli.CommandLine;

/**
 * The Atlas stream client against a local WebSocket server that replays the real week of anchor pings (msm 1042404)
 * as {@code atlas_result} messages and closes the first connection half-way: the client subscribes on every
 * connection, reconnects once, delivers every message once and in order, and the results become the same
 * ProbeResults as the file gives.
 */
class AtlasStreamClientTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), 0.5);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long MSM = 1042404;
    private static final String WEEK = "ripe-atlas/timeseries/atlas_ping_msm1042404_prb6098_2020-01-31_to_02-07.ndjson";
    private static final String TABLE = "asn-mapping/pyasn_ipasn_20140513.dat.gz";
    private static final String SUBSCRIBED = "[\"atlas_subscribed\",{\"streamType\":\"result\",\"msm\":" + MSM + "}]";
    private static final String ERROR = "[\"atlas_error\",\"Invalid subscription\"]";

    private static List<String> weekResults() throws IOException {
        final List<String> lines = Files.readAllLines(SharedData.file(WEEK), StandardCharsets.UTF_8);
        return lines.stream().filter(line -> !line.isBlank()).map(line -> "[\"" + AtlasStreamMessages.RESULT + "\"," + line + "]").toList();
    }

    private static void await(final BooleanSupplier condition) throws InterruptedException {
        final long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
    }

    /** Connection 1: subscribed, the first half, then a close frame; connection 2: subscribed, the rest, an error. */
    private static LocalWebSocketServer replay(final List<String> results, final int half) throws IOException {
        return new LocalWebSocketServer(1, connection -> {
            final List<String> script = new ArrayList<>();
            script.add(SUBSCRIBED);
            if (connection == 1) {
                script.addAll(results.subList(0, half));
                return new LocalWebSocketServer.Script(script, true);
            }
            script.addAll(results.subList(half, results.size()));
            script.add(ERROR);
            return new LocalWebSocketServer.Script(connection == 2 ? script : List.of(), false);
        });
    }

    @Test
    void shouldReconnectAfterTheServerClosesAndDeliverEveryMessageOnceInOrder() throws Exception {
        final List<String> results = weekResults();
        assertThat(results).hasSize(2520);
        final List<String> expected = new ArrayList<>();
        expected.add(SUBSCRIBED);
        expected.addAll(results.subList(0, 1000));
        expected.add(SUBSCRIBED);
        expected.addAll(results.subList(1000, results.size()));
        expected.add(ERROR);
        final List<String> texts = new CopyOnWriteArrayList<>();
        final List<Long> numbers = new CopyOnWriteArrayList<>();
        final String subscribe = AtlasStreamMessages.subscribe(MSM);
        try (LocalWebSocketServer server = replay(results, 1000);
             ReconnectingWebSocket client = AtlasStreamClient.create(server.uri(), List.of(subscribe), FAST, (number, text) -> {
                 numbers.add(number);
                 texts.add(text);
             }).start()) {
            await(() -> texts.size() >= expected.size());
            assertThat(texts).containsExactlyElementsOf(expected);
            assertThat(numbers).containsExactlyElementsOf(LongStream.rangeClosed(1, expected.size()).boxed().toList());
            assertThat(client.connections()).isEqualTo(2);
            assertThat(client.reconnects()).isEqualTo(1);
            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.received()).filteredOn(s -> s.startsWith("[\"atlas_")).containsExactly(subscribe, subscribe);
        }
    }

    @Test
    void shouldTurnStreamedResultsIntoTheSameProbeResultsAsTheFile() throws Exception {
        final List<String> results = weekResults();
        final PrefixTable table = PrefixTableLoader.load(SharedData.file(TABLE)).table();
        final JsonPipeline pipeline = new JsonPipeline(new JsonFileReader(), new AtlasParser(ProbeDirectory.empty(), table)::parse);
        final AtlasStreamMessages messages = new AtlasStreamMessages();
        final List<Keyed> live = new CopyOnWriteArrayList<>();
        final List<String> liveRejected = new CopyOnWriteArrayList<>();
        final RecordSink sink = sink(live, liveRejected);
        final String endpoint;
        try (LocalWebSocketServer server = replay(results, results.size() / 2);
             ReconnectingWebSocket client = AtlasStreamClient.create(server.uri(), List.of(AtlasStreamMessages.subscribe(MSM)), FAST,
                     (number, text) -> {
                         for (final SourceItem item : messages.items(Origin.line(server.uri().toString(), number), text)) {
                             pipeline.handle(item, sink);
                         }
                     }).start()) {
            endpoint = server.uri().toString();
            await(() -> client.messages() >= results.size() + 3);
        }
        final List<Keyed> fromFile = new ArrayList<>();
        final List<String> fileRejected = new ArrayList<>();
        pipeline.read(SharedData.file(WEEK), sink(fromFile, fileRejected));
        assertThat(fileRejected).isEmpty();
        assertThat(live).hasSize(2520).isEqualTo(fromFile);
        assertThat(live).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo("AS8839");
            assertThat(record.value()).isInstanceOf(ProbeResult.class);
        });
        assertThat(messages.ignored()).isEqualTo(Map.of("atlas_subscribed", 2L));
        assertThat(liveRejected).containsExactly(endpoint + ":" + (results.size() + 3) + " atlas_error: \"Invalid subscription\"");
    }

    @Test
    void shouldReadTheStreamThroughTheCommandInADryRun() throws Exception {
        final List<String> results = weekResults();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = IngestCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        try (LocalWebSocketServer server = replay(results, 100)) {
            assertThat(commandLine.execute("atlas", "--live", "--msm", String.valueOf(MSM), "--dry-run",
                    "--endpoint", server.uri().toString(), "--prefix-table", SharedData.file(TABLE).toString(),
                    "--max-messages", String.valueOf(results.size() + 3))).as(err.toString()).isZero();
            assertThat(server.connections()).isEqualTo(2);
        }
        assertThat(out.toString()).contains("2,520").contains("2,521 records").contains("1 dead letters");
    }

    @Test
    void shouldRefuseLiveWithoutAMeasurementOrWithFiles() {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = IngestCommand.newCommandLine();
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute("atlas", "--live", "--dry-run")).isNotZero();
        assertThat(commandLine.execute("atlas", "--live", "--msm", "1", "--dry-run", "x.jsonl")).isNotZero();
        assertThat(err.toString().lines().toList()).hasSize(2).satisfiesExactly(
                line -> assertThat(line).contains("--msm"), line -> assertThat(line).contains("not both"));
    }

    @Test
    void shouldReadEveryKindOfStreamMessage() {
        final AtlasStreamMessages messages = new AtlasStreamMessages();
        final Origin origin = Origin.line("ws://stream", 7);
        assertThat(AtlasStreamMessages.subscribe(MSM)).isEqualTo("[\"atlas_subscribe\",{\"streamType\":\"result\",\"msm\":1042404}]");
        assertThat(messages.items(origin, "[\"atlas_result\",[{\"prb_id\":1},{\"prb_id\":2}]]"))
                .hasSize(2).allSatisfy(item -> assertThat(item).isInstanceOf(SourceItem.Value.class));
        assertThat(messages.items(origin, SUBSCRIBED)).isEmpty();
        assertThat(messages.ignored()).isEqualTo(Map.of("atlas_subscribed", 1L));
        assertThat(reason(messages, origin, "[\"atlas_result\",")).startsWith("Invalid JSON");
        assertThat(reason(messages, origin, "{\"type\":\"atlas_result\"}")).startsWith("Not an Atlas stream message");
        assertThat(reason(messages, origin, "[\"atlas_result\",3]")).contains("without a result");
        assertThat(reason(messages, origin, "[\"atlas_probestatus\",{}]")).contains("Unknown").contains("atlas_probestatus");
        assertThat(reason(messages, origin, ERROR)).isEqualTo("atlas_error: \"Invalid subscription\"");
    }

    private static String reason(final AtlasStreamMessages messages, final Origin origin, final String text) {
        final List<SourceItem> items = messages.items(origin, text);
        assertThat(items).singleElement().isInstanceOf(SourceItem.Bad.class);
        assertThat(items.get(0).origin()).isEqualTo(origin);
        return ((SourceItem.Bad) items.get(0)).reason();
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
