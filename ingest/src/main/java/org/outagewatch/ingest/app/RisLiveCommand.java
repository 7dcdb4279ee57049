package org.outagewatch.ingest.app;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.outagewatch.ingest.bgp.RisLiveClient;
import org.outagewatch.ingest.bgp.RisLiveParser;
import org.outagewatch.ingest.source.Backoff;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.JsonPipeline;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.ReconnectingWebSocket;
import org.outagewatch.schemas.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ingest bgp ris-live FILE...}: RIS Live messages (JSON lines as the WebSocket sends them, plain or gzip) to
 * routing-updates as RouteUpdates ({@link RisLiveParser}); rejected messages, {@code ris_error}s and unreadable lines
 * go to ingest-dead-letters with the reason and origin {@code file:line}. {@code --dry-run} serializes against an
 * in-process registry without Kafka and prints the counts. {@code --live} reads RIPE NCC's WebSocket instead
 * ({@link RisLiveClient}: UPDATE and RIS_PEER_STATE subscriptions, of one collector with {@code --ris-host};
 * reconnects with exponential back-off and jitter, one WARN line each), origins {@code endpoint:message-number},
 * until Ctrl-C or {@code --max-messages}.
 */
@Command(name = "ris-live", mixinStandardHelpOptions = true,
        description = "Publish RIS Live messages (JSON lines files) as RouteUpdates to routing-updates.")
public final class RisLiveCommand implements Callable<Integer> {
    public static final String STAGE = "ingest.ris-live";
    private static final Logger LOG = LoggerFactory.getLogger(RisLiveCommand.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(15);

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "RIS Live messages, one JSON message per line.")
    private List<Path> files = new ArrayList<>();

    @Mixin
    private PublishOptions publish;

    @Option(names = "--live", description = "Read the RIS Live WebSocket stream instead of files (until Ctrl-C or "
            + "--max-messages), reconnecting with exponential back-off.")
    private boolean live;

    @Option(names = "--endpoint", paramLabel = "URI", description = "The RIS Live WebSocket (default ${DEFAULT-VALUE}).")
    private URI endpoint = RisLiveClient.DEFAULT_ENDPOINT;

    @Option(names = "--ris-host", paramLabel = "COLLECTOR", description = "Only messages of this collector, such as rrc00.")
    private String risHost;

    @Option(names = "--max-messages", paramLabel = "N", description = "With --live: stop after N messages.")
    private long maxMessages = Long.MAX_VALUE;

    @Override
    public Integer call() throws Exception {
        if (files.isEmpty() == !live) {
            throw new ParameterException(spec.commandLine(), "Give RIS Live files, or --live (not both)");
        }
        if (maxMessages < 1) {
            throw new ParameterException(spec.commandLine(), "--max-messages must be at least 1");
        }
        for (final Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "no such file");
            }
        }
        final Settings settings;
        try {
            settings = kafka.settings(Map.of(), Map.of());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final RisLiveParser parser = new RisLiveParser();
        try (RisLivePublisher publisher = new RisLivePublisher(settings, STAGE, publish.dryRun(), publish.createTopics(),
                publish.progress())) {
            final JsonPipeline pipeline = new JsonPipeline(new JsonFileReader(), parser);
            if (live) {
                stream(pipeline, publisher);
            }
            for (final Path file : files) {
                pipeline.read(file, publisher);
            }
            return publisher.finish(spec.commandLine().getOut(), spec.commandLine().getErr(), spec.qualifiedName(),
                    parser.ignored());
        }
    }

    /** Reads the stream until Ctrl-C or --max-messages; the client logs every reconnect. */
    private void stream(final JsonPipeline pipeline, final RisLivePublisher publisher) throws InterruptedException {
        final CountDownLatch done = new CountDownLatch(1);
        final Thread caller = Thread.currentThread();
        final Thread hook = new Thread(() -> {
            done.countDown();
            try {
                caller.join(SHUTDOWN_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ris-live-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        final List<String> subscriptions = List.of(RisLiveClient.subscribe("UPDATE", risHost),
                RisLiveClient.subscribe("RIS_PEER_STATE", risHost));
        final String source = endpoint.toString();
        try (ReconnectingWebSocket client = RisLiveClient.create(endpoint, subscriptions, Backoff.DEFAULT,
                (number, text) -> {
                    if (number <= maxMessages) {
                        pipeline.handle(RisLiveParser.item(Origin.line(source, number), text), publisher);
                    }
                    if (number >= maxMessages) {
                        done.countDown();
                    }
                })) {
            LOG.info("Reading RIS Live from {} (Ctrl-C stops){}", endpoint,
                    maxMessages == Long.MAX_VALUE ? "" : ", up to " + maxMessages + " messages");
            client.start();
            done.await();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                LOG.debug("Shutting down: the hook stays. error=[{}]", e.toString());
            }
        }
    }
}
