package org.outagewatch.deploy.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import org.outagewatch.deploy.cli.StackOptions;
import org.outagewatch.deploy.console.ConsoleFormat;
import org.outagewatch.deploy.console.ConsoleLogging;
import org.outagewatch.deploy.console.ConsumerLag;
import org.outagewatch.deploy.console.FeedReader;
import org.outagewatch.deploy.console.Terminal;
import org.outagewatch.deploy.stack.LocalStack;
import org.outagewatch.deploy.stack.ServiceStatus;
import org.outagewatch.deploy.stack.StackConfig;
import org.outagewatch.deploy.stack.StartOutcome;
import org.outagewatch.detector.api.ApiSettings;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.Standbys;
import org.outagewatch.ingest.publish.BatchPolicy;
import org.outagewatch.ingest.publish.EventPublisher;
import org.outagewatch.ingest.publish.TopicSetup;
import org.outagewatch.ingest.synthetic.LabelsWriter;
import org.outagewatch.ingest.synthetic.WorldGenerator;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.RetentionCheck;
import org.outagewatch.schemas.topic.Topic;
import org.outagewatch.schemas.topic.TopicCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code outagewatch demo}: the whole system on this machine in one command.
 *
 * <ol>
 *   <li>starts the local stack (a real Kafka broker in KRaft mode and the schema registry, as background
 *       processes) unless it is already running, and creates the topics;</li>
 *   <li>runs the detector (Kafka Streams, exactly-once) in this process;</li>
 *   <li>publishes a synthetic world: first {@code --history} of normal traffic and probes as fast as possible,
 *       so the detector learns every network's daily shape, then the world in accelerated time
 *       ({@code --speed} simulated seconds per second) with outages injected into it;</li>
 *   <li>prints one line per alert as it opens, changes and resolves, with the injected truth beside it.</li>
 * </ol>
 * Ctrl-C stops everything cleanly (the stack too, if this run started it). The data stays in the data
 * directory, and a second run resumes where the first stopped.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole system locally: Kafka, the schema registry, a synthetic world with injected"
                + " outages, and the detector; print alerts as outages start and end.",
                "Ctrl-C stops it; run it again to resume."})
public final class DemoCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
    private static final DateTimeFormatter SIM_TIME = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    static final String APPLICATION_ID = "outagewatch-demo-detector";
    static final Duration TICK = Duration.ofMillis(250);

    @Spec
    private CommandSpec spec;

    @Mixin
    private StackOptions stackOptions;

    @Option(names = "--asns", paramLabel = "N", defaultValue = "" + DemoWorld.DEFAULT_ASNS, description = "Networks in the synthetic world (default: ${DEFAULT-VALUE}).")
    private int asns;

    @Option(names = "--seed", defaultValue = "" + DemoWorld.DEFAULT_SEED, description = "Seed of the world (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--history", paramLabel = "DURATION", defaultValue = DemoWorld.DEFAULT_HISTORY,
            description = "Normal history published first, for the baselines to learn (ISO-8601, default: ${DEFAULT-VALUE}).")
    private Duration history;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "300",
            description = "Simulated seconds per real second after the history (default: ${DEFAULT-VALUE}: five minutes, one window, a second).")
    private double speed;

    @Option(names = "--for", paramLabel = "DURATION",
            description = "Stop by itself after this long (ISO-8601, e.g. PT2M); default: run until Ctrl-C.")
    private Duration runFor;

    @Option(names = "--api-port", paramLabel = "PORT", defaultValue = "${env:OUTAGEWATCH_API_PORT:-" + ApiSettings.DEFAULT_PORT + "}",
            description = "Port of the detector's HTTP API and dashboard (default: ${DEFAULT-VALUE}; 0: any free port; off: none).")
    private String apiPort;

    @Option(names = "--keep-stack", description = "Leave the broker and registry running when the demo stops.")
    private boolean keepStack;

    private final AtomicBoolean running = new AtomicBoolean(true);
    /** The simulated instant published so far, for the status line. */
    private volatile Instant simulated;
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        if (asns < 1 || asns > 10_000) {
            throw new IllegalArgumentException("--asns must be between 1 and 10000, not " + asns);
        }
        if (!(speed > 0) || speed > 100_000) {
            throw new IllegalArgumentException("--speed must be above 0 and at most 100000, not " + speed);
        }
        if (history.compareTo(Duration.ofHours(25)) < 0) {
            throw new IllegalArgumentException("--history must be at least PT25H: the baselines learn a full day first");
        }
        final Terminal out = Terminal.of(spec.commandLine().getOut());
        final StackConfig stackConfig = stackOptions.toConfig(Map.of());
        if (!stackConfig.registryEnabled()) {
            throw new IllegalArgumentException("The demo needs the schema registry: drop --no-registry");
        }
        final LocalStack stack = new LocalStack(stackConfig);
        final boolean startedHere = !stack.status().allRunning();
        if (startedHere) {
            out.println("Starting a Kafka broker (KRaft) and the schema registry in " + stackConfig.dataDir() + " ...");
        }
        for (final StartOutcome outcome : stack.start()) {
            final ServiceStatus status = outcome.status();
            out.println(String.format(Locale.ROOT, "  %-9s %s, pid %d, port %d", status.name(),
                    outcome.alreadyRunning() ? "already running" : String.format(Locale.ROOT, "ready in %.1f s", outcome.took().toMillis() / 1000.0),
                    status.pid().orElse(-1), status.ports().get(0).port()));
        }
        final Thread hook = new Thread(() -> {
            running.set(false);
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (AutoCloseable summaries = ConsoleLogging.summariseTo(out::println, spec.commandLine().getErr())) {
            run(stack, stackConfig, out);
        } finally {
            out.endStatus();
            if (startedHere && !keepStack) {
                out.println("Stopping the broker and the registry (data kept in " + stackConfig.dataDir() + ") ...");
                stack.stop();
            }
            finished.countDown();
        }
        return 0;
    }

    private void run(final LocalStack stack, final StackConfig stackConfig, final Terminal out) throws Exception {
        final Path demoDir = stackConfig.dataDir().resolve("demo");
        DemoWorld world = DemoWorld.load(demoDir);
        if (world == null) {
            world = DemoWorld.create(seed, asns, history);
            world.save(demoDir);
        } else if (world.spec().seed() != seed || world.spec().asnCount() != asns || !world.history().equals(history)) {
            out.println("Resuming the saved world (seed " + world.spec().seed() + ", " + world.spec().asnCount()
                    + " networks); delete " + stackConfig.dataDir() + " to start another.");
        }
        final Settings settings = Settings.of(Map.of(
                Settings.BOOTSTRAP_SERVERS, stack.bootstrapServers(),
                Settings.SCHEMA_REGISTRY_URL, stack.registryUrl(),
                StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID,
                DetectorApp.DATA_DIR, stackConfig.dataDir().toString(),
                // one instance on one machine: no other to hold a standby copy (Streams would warn for every task)
                Standbys.REPLICAS, "0",
                ApiSettings.PORT, apiPort));
        final TopicCatalog catalog = DetectorApp.catalog(settings);
        try (Admin admin = Admin.create(settings.kafkaConfig())) {
            TopicSetup.ensure(admin, catalog, (short) 1);
            // topics made by an older version or by others must not delete this 2024 world on arrival
            RetentionCheck.check(admin, catalog.all().stream().map(Topic::name).toList(), DetectorApp.CHECK_TIMEOUT)
                    .ifPresent(refusal -> {
                        throw new IllegalStateException(refusal);
                    });
        }
        final Path labels = demoDir.resolve("labels.json");
        LabelsWriter.writeWindows(world.spec(), world.start(), world.spec().end(), labels);
        LabelsWriter.writeOutages(world.spec(), world.start(), world.spec().end(), demoDir.resolve("outages.jsonl"));

        out.println("Data lives in " + stackConfig.dataDir() + ":");
        out.println("  broker      " + stack.bootstrapServers() + "   (logs: " + stackConfig.logsDir() + ")");
        out.println("  registry    " + stack.registryUrl());
        out.println("  topics      " + String.join(", ", catalog.all().stream().map(t -> t.name()).toList()));
        out.println("  detector    application.id " + APPLICATION_ID + ", state in " + stackConfig.dataDir().resolve("detector"));
        out.println("  truth       " + labels + " (injected outages)");

        final WorldGenerator generator = new WorldGenerator(world.spec());
        final Map<String, List<Long>> countries = new TreeMap<>();
        for (final AsnInfo info : generator.asnInfos()) {
            if (info.getCountry() != null) {
                countries.computeIfAbsent(info.getCountry(), c -> new ArrayList<>()).add(info.getAsn());
            }
        }
        final ConsoleFormat format = ConsoleFormat.forTerminal(out.interactive(), System.getenv());
        final DemoPrinter printer = new DemoPrinter(new FeedReader(settings.kafkaConfig(), catalog.outageAlerts(),
                catalog.incidents(), DemoPrinter.GROUP_ID), world.spec().outages(), countries, out, format);
        final Thread printerThread = new Thread(printer, "demo-alert-printer");
        final ScheduledExecutorService statusTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread thread = new Thread(r, "demo-status");
            thread.setDaemon(true);
            return thread;
        });
        try (DetectorApp detector = detector(settings, out);
             EventPublisher publisher = new EventPublisher(settings.kafkaConfig(), catalog, BatchPolicy.from(settings));
             Admin admin = Admin.create(settings.kafkaConfig())) {
            printerThread.start();
            detector.start();
            detector.apiPort().ifPresent(port -> out.println("  dashboard   http://localhost:" + port + "/   (API: /api/openapi.json)"));
            final DemoStatus status = new DemoStatus(publisher::sent, () -> simulated,
                    printer::openAlerts, printer::openIncidents, new ConsumerLag(admin, APPLICATION_ID, Duration.ofSeconds(2)));
            statusTimer.scheduleWithFixedDelay(() -> out.status(format.statusLine(status.next())), 1, 1, TimeUnit.SECONDS);
            try {
                Instant clock = world.loadClock(demoDir);
                simulated = clock;
                if (clock.equals(world.start())) {
                    for (final AsnInfo info : generator.asnInfos()) {
                        publisher.send(catalog.asnMetadata(), "AS" + info.getAsn(), info, world.start());
                    }
                }
                clock = publishHistory(generator, publisher, world, clock, demoDir, out);
                if (running.get()) {
                    out.println(String.format(Locale.ROOT, "Live: %s, %.0fx real time (%s simulated per second). Alerts and incidents:",
                            SIM_TIME.format(clock), speed, human(Duration.ofMillis((long) (speed * 1000)))));
                    runLive(generator, publisher, world, clock, demoDir, out);
                }
            } finally {
                statusTimer.shutdownNow();
                statusTimer.awaitTermination(2, TimeUnit.SECONDS);
            }
        } finally {
            statusTimer.shutdownNow();
            printer.stop();
            printerThread.join(10_000);
            out.endStatus();
            out.println(String.format(Locale.ROOT,
                    "Demo stopped: %d alerts opened (%d matching an injected outage), %d resolved; %d incidents opened.",
                    printer.opened(), printer.matched(), printer.resolved(), printer.incidentsOpened()));
        }
    }

    /** The detector; without its HTTP server (said once) when the API port is taken, as the demo is worth running anyway. */
    private static DetectorApp detector(final Settings settings, final Terminal out) {
        try {
            return new DetectorApp(settings);
        } catch (UncheckedIOException e) {
            out.println("  dashboard   off: " + e.getMessage() + " (choose another with --api-port)");
            return new DetectorApp(settings.with(Map.of(ApiSettings.PORT, "off")));
        }
    }

    private Instant publishHistory(final WorldGenerator generator, final EventPublisher publisher, final DemoWorld world,
                                   final Instant from, final Path demoDir, final Terminal out) throws IOException {
        if (!from.isBefore(world.historyEnd())) {
            return from;
        }
        out.println("Publishing " + human(Duration.between(from, world.historyEnd())) + " of history from "
                + SIM_TIME.format(from) + " for the baselines to learn ...");
        final long startNanos = System.nanoTime();
        long events = 0;
        Instant clock = from;
        while (running.get() && clock.isBefore(world.historyEnd())) {
            final Instant next = min(clock.plus(Duration.ofHours(1)), world.historyEnd());
            events += generator.generate(clock, next, publisher::publish);
            publisher.flush();
            clock = next;
            simulated = clock;
            DemoWorld.saveClock(demoDir, clock);
        }
        final double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.println(String.format(Locale.ROOT, "History published: %,d events in %.1f s (%,.0f/s).", events, seconds,
                events / Math.max(seconds, 1e-3)));
        return clock;
    }

    private void runLive(final WorldGenerator generator, final EventPublisher publisher, final DemoWorld world,
                         final Instant from, final Path demoDir, final Terminal out) throws IOException, InterruptedException {
        final long stopAtNanos = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
        final Duration step = Duration.ofMillis((long) (speed * TICK.toMillis()));
        Instant clock = from;
        long nextTick = System.nanoTime();
        while (running.get() && System.nanoTime() < stopAtNanos && clock.isBefore(world.spec().end())) {
            final Instant next = min(clock.plus(step), world.spec().end());
            generator.generate(clock, next, publisher::publish);
            publisher.flush();
            clock = next;
            simulated = clock;
            DemoWorld.saveClock(demoDir, clock);
            nextTick += TICK.toNanos();
            final long sleep = nextTick - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
        if (!clock.isBefore(world.spec().end())) {
            out.println("The demo world ended at " + SIM_TIME.format(clock) + "; delete the data directory to start another.");
        }
        LOG.info("Live publishing stopped at {}", clock);
    }

    private static Instant min(final Instant a, final Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String human(final Duration d) {
        if (d.toHours() >= 1) {
            return d.toMinutesPart() == 0 ? d.toHours() + " h" : d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
