package org.outagewatch.deploy.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.outagewatch.deploy.stack.LocalStack;
import org.outagewatch.deploy.stack.Ports;
import org.outagewatch.deploy.stack.ProjectHome;
import org.outagewatch.deploy.stack.StackConfig;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.Standbys;
import org.outagewatch.schemas.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code outagewatch benchmark}: starts a fresh local stack (real broker and registry processes) in a temporary
 * directory on free ports, runs {@link EndToEndBenchmark} on it and stops it again. Prints events/s for a bare
 * consumer and for the detector, and their ratio.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Measure the detector end to end against a bare consumer on a fresh local broker.",
                "Publishes N synthetic events, reads them with a bare consumer, processes them with the detector,"
                        + " reads them again; prints events/s and the ratio."})
public final class BenchmarkCommand implements Callable<Integer> {
    /** The latency run's networks unless --asns is given: the demo's default. */
    static final int LATENCY_ASNS = 40;

    @Spec
    private CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", defaultValue = "2000000", description = "Events to publish (default: ${DEFAULT-VALUE}).")
    private long events;

    @Option(names = "--asns", paramLabel = "N", defaultValue = "2000", description = "Networks in the synthetic world (default: ${DEFAULT-VALUE}).")
    private int asns;

    @Option(names = "--probes-per-asn", paramLabel = "N", defaultValue = "3",
            description = "Probes per network, each one result a minute (default: ${DEFAULT-VALUE}; RIPE Atlas built-ins give a network about 8-10 results a minute).")
    private int probesPerAsn;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Detector stream threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Extra setting for the detector and clients (Kafka Streams or outagewatch.* keys); repeatable.")
    private Map<String, String> extra = new java.util.LinkedHashMap<>();

    @Option(names = "--latency",
            description = "Measure alert and incident latency instead: the demo's world live at --speed for --for, the detector caught up.")
    private boolean latency;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "600",
            description = "With --latency: simulated seconds per real second (default: ${DEFAULT-VALUE}, twice the demo's pace).")
    private double speed;

    @Option(names = "--for", paramLabel = "DURATION", defaultValue = "PT2M",
            description = "With --latency: how long the live phase runs (ISO-8601, default: ${DEFAULT-VALUE}).")
    private java.time.Duration liveFor;

    @Option(names = "--keep-data", description = "Keep the temporary broker data directory (printed) instead of deleting it.")
    private boolean keepData;

    @Override
    public Integer call() throws Exception {
        if (latency && (!(speed > 0) || liveFor.isNegative() || liveFor.isZero())) {
            throw new IllegalArgumentException("--speed and --for must be positive");
        }
        if (events < 1000 || asns < 1 || partitions < 1 || probesPerAsn < 1) {
            throw new IllegalArgumentException("--events must be at least 1000, --asns, --partitions and --probes-per-asn at least 1");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final Path dataDir = Files.createTempDirectory("outagewatch-benchmark-");
        final StackConfig stackConfig = StackConfig.from(Settings.of(Map.of(
                StackConfig.DATA_DIR, dataDir.toString(),
                StackConfig.KAFKA_PORT, Integer.toString(Ports.findFree()),
                StackConfig.CONTROLLER_PORT, Integer.toString(Ports.findFree()),
                StackConfig.REGISTRY_PORT, Integer.toString(Ports.findFree()))), ProjectHome.locate());
        final LocalStack stack = new LocalStack(stackConfig);
        out.printf(Locale.ROOT, "Starting a fresh broker and registry in %s ...%n", dataDir);
        out.flush();
        // Ctrl-C or a kill must not leave the broker and registry processes behind
        final Thread stopStack = new Thread(stack::stop, "benchmark-stack-stop");
        Runtime.getRuntime().addShutdownHook(stopStack);
        try {
            stack.start();
            final Settings settings = Settings.of(Map.of(
                    Settings.BOOTSTRAP_SERVERS, stack.bootstrapServers(),
                    Settings.SCHEMA_REGISTRY_URL, stack.registryUrl(),
                    DetectorApp.DATA_DIR, dataDir.resolve("apps").toString(),
                    DetectorApp.PARTITIONS, Integer.toString(partitions),
                    StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(threads),
                    // one instance: no other to hold standby copies (Streams warns for every task it cannot place)
                    Standbys.REPLICAS, "0")).with(extra);
            if (!extra.isEmpty()) {
                out.println("settings: " + extra);
            }
            if (latency) {
                final int networks = spec.commandLine().getParseResult().hasMatchedOption("--asns") ? asns : LATENCY_ASNS;
                out.printf(Locale.ROOT, "latency: %,d networks, %d partitions per topic, %d stream threads, %d cores%n",
                        networks, partitions, threads, Runtime.getRuntime().availableProcessors());
                new LatencyBenchmark(settings, out).run(networks, speed, liveFor);
            } else {
                out.printf(Locale.ROOT, "%,d events, %,d networks, %d probes each, %d partitions per topic, %d cores%n",
                        events, asns, probesPerAsn, partitions, Runtime.getRuntime().availableProcessors());
                new EndToEndBenchmark(settings, out).run(events, asns, probesPerAsn);
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopStack);
            stack.stop();
            if (keepData) {
                out.println("data kept in " + dataDir);
            } else {
                deleteTree(dataDir);
            }
            out.flush();
        }
        return 0;
    }

    private static void deleteTree(final Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
