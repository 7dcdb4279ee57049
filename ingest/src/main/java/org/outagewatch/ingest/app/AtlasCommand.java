package org.outagewatch.ingest.app;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.outagewatch.ingest.asn.PrefixTable;
import org.outagewatch.ingest.asn.PrefixTableLoader;
import org.outagewatch.ingest.atlas.AtlasParser;
import org.outagewatch.ingest.atlas.AtlasStreamClient;
import org.outagewatch.ingest.atlas.AtlasStreamMessages;
import org.outagewatch.ingest.atlas.ProbeDirectory;
import org.outagewatch.ingest.source.Backoff;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.JsonPipeline;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.ReconnectingWebSocket;
import org.outagewatch.ingest.source.RecordSink;
import org.outagewatch.ingest.source.SourceItem;
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
 * {@code ingest atlas FILE...}: RIPE Atlas results (ping, traceroute, dns, http, sslcert, ntp) to probe-results and
 * probe connection events (msm 7000) to the atlas connections topic, keyed by ASN entity (see {@link AtlasParser});
 * bad input to ingest-dead-letters. {@code --probes} gives probe metadata (probe archive), {@code --prefix-table}
 * a pyasn or ip2asn table for the target's and probe's ASNs. {@code --live --msm N} reads the results of measurement N
 * from the Atlas streaming WebSocket instead ({@link AtlasStreamClient}: reconnects with exponential back-off and
 * jitter, one WARN line each; dead-letter origins {@code endpoint:message-number}) until Ctrl-C or {@code --max-messages}.
 */
@Command(name = "atlas", mixinStandardHelpOptions = true,
        description = "Publish RIPE Atlas results and probe connection events from files.")
public final class AtlasCommand implements Callable<Integer> {
    public static final String STAGE = "ingest.atlas";
    private static final Logger LOG = LoggerFactory.getLogger(AtlasCommand.class);
    private static final long SHUTDOWN_WAIT_MILLIS = 15_000;

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files to read (JSON, JSON lines or gzip of either).")
    private List<Path> files = new ArrayList<>();

    @Mixin
    private PublishOptions publish;

    @Option(names = "--live", description = "Read the RIPE Atlas result stream (WebSocket) instead of files, until Ctrl-C "
            + "or --max-messages, reconnecting with exponential back-off.")
    private boolean live;

    @Option(names = "--msm", paramLabel = "ID", description = "With --live: a measurement to subscribe to (repeatable).")
    private List<Long> measurements = new ArrayList<>();

    @Option(names = "--endpoint", paramLabel = "URI", description = "With --live: the stream (default ${DEFAULT-VALUE}).")
    private URI endpoint = AtlasStreamClient.DEFAULT_ENDPOINT;

    @Option(names = "--max-messages", paramLabel = "N", description = "With --live: stop after N messages.")
    private long maxMessages = Long.MAX_VALUE;

    @Option(names = "--probes", paramLabel = "FILE", description = "Probe metadata (probe archive JSON, gzip allowed; repeatable).")
    private List<Path> probeFiles = List.of();

    @Option(names = "--prefix-table", paramLabel = "FILE", description = "Prefix-to-ASN table (pyasn .dat or ip2asn TSV, gzip allowed; repeatable).")
    private List<Path> tableFiles = List.of();

    @Override
    public Integer call() throws InterruptedException {
        final Settings settings;
        try {
            if (files.isEmpty() == !live) {
                throw new IllegalArgumentException("Give RIPE Atlas files, or --live (not both)");
            }
            if (live && measurements.isEmpty()) {
                throw new IllegalArgumentException("--live needs at least one --msm");
            }
            if (maxMessages < 1) {
                throw new IllegalArgumentException("--max-messages must be at least 1");
            }
            settings = kafka.settings(Map.of(), Map.of());
            FileIngestCommands.checkFiles(files);
            FileIngestCommands.checkFiles(probeFiles);
            FileIngestCommands.checkFiles(tableFiles);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        final ProbeDirectory probes = ProbeDirectory.load(probeFiles.toArray(Path[]::new));
        final PrefixTable table = PrefixTableLoader.load(tableFiles.toArray(Path[]::new)).table();
        final JsonPipeline pipeline = new JsonPipeline(new JsonFileReader(), new AtlasParser(probes, table)::parse);
        try (FileIngestRunner runner = new FileIngestRunner(settings, STAGE, publish)) {
            if (live) {
                stream(pipeline, runner);
            }
            for (final Path file : files) {
                pipeline.read(file, runner);
            }
            return runner.finish(spec.commandLine().getOut(), spec.commandLine().getErr(), spec.qualifiedName());
        }
    }

    /** Reads the stream into the runner until Ctrl-C or --max-messages; the client logs every reconnect. */
    private void stream(final JsonPipeline pipeline, final FileIngestRunner runner) throws InterruptedException {
        final CountDownLatch done = new CountDownLatch(1);
        final Thread caller = Thread.currentThread();
        final Thread hook = new Thread(() -> {
            done.countDown();
            try {
                caller.join(SHUTDOWN_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "atlas-stream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        final AtlasStreamMessages stream = new AtlasStreamMessages();
        final RecordSink sink = new LockedSink(runner);
        final String source = endpoint.toString();
        try (ReconnectingWebSocket client = AtlasStreamClient.create(endpoint,
                measurements.stream().map(AtlasStreamMessages::subscribe).toList(), Backoff.DEFAULT,
                (number, text) -> {
                    if (number <= maxMessages) {
                        for (final SourceItem item : stream.items(Origin.line(source, number), text)) {
                            pipeline.handle(item, sink);
                        }
                    }
                    if (number >= maxMessages) {
                        done.countDown();
                    }
                })) {
            LOG.info("Reading RIPE Atlas results of {} from {} (Ctrl-C stops){}", measurements, endpoint,
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
        LOG.info("Atlas stream ignored control messages: {}", stream.ignored());
    }

    /** Hands records to the single-threaded runner from the WebSocket's threads, one at a time. */
    private record LockedSink(FileIngestRunner runner) implements RecordSink {
        @Override
        public void accept(final Keyed record) {
            synchronized (runner) {
                runner.accept(record);
            }
        }

        @Override
        public void reject(final Origin origin, final String reason, final Throwable error, final byte[] payload) {
            synchronized (runner) {
                runner.reject(origin, reason, error, payload);
            }
        }
    }
}
