package org.outagewatch.deploy.console;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.ingest.app.KafkaOptions;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.IncidentKind;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code outagewatch watch}: follows {@code outage-alerts} and {@code incidents} on any cluster (read-committed,
 * no consumer group, nothing committed) and prints what happens, as the demo does: one line per alert event, one
 * block per incident event, coloured on a terminal unless {@code NO_COLOR} is set; or with {@code --json} one JSON
 * object per line. Starts at the end (what happens from now on) unless {@code --from-beginning} or
 * {@code --since}. Ctrl-C stops it.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follow alerts and incidents as they happen, on any cluster.",
                "Filters combine: --entity AS17557 --kind SERVICE_BLOCKING shows blocking incidents that involve AS17557."})
public final class WatchCommand implements Callable<Integer> {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(s|m|min|h|d)", Pattern.CASE_INSENSITIVE);

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaOptions kafka;

    @Option(names = "--from-beginning", description = "Start with the oldest record the topics keep.")
    private boolean fromBeginning;

    @Option(names = "--since", paramLabel = "DURATION",
            description = "Start with the records of the last DURATION, by their Kafka timestamps (when they were written, on"
                    + " topics with LogAppendTime): 30m, 2h, 1d or ISO-8601 such as PT2H.")
    private String since;

    @Option(names = "--entity", paramLabel = "ID",
            description = "Only alerts on this entity (or its services) and incidents with it in scope: AS17557, PK, AS17557/twitter.com.")
    private String entity;

    @Option(names = "--country", paramLabel = "CC",
            description = "Only alerts in this country (its ASNs by asn-metadata, its regions and services) and incidents in it.")
    private String country;

    @Option(names = "--kind", paramLabel = "KIND", split = ",",
            description = "Only incidents of these kinds (no alerts): ${COMPLETION-CANDIDATES}.")
    private List<IncidentKind> kinds = List.of();

    @Option(names = "--min-severity", paramLabel = "LEVEL",
            description = "WARNING, CRITICAL or 0-100 on the incidents' scale, where a WARNING alert counts 0 and a CRITICAL one 50.")
    private String minSeverity;

    @Option(names = "--json", description = "One JSON object per line (\"type\": \"alert\" or \"incident\", then the record's fields).")
    private boolean json;

    @Option(names = "--exit-at-end", description = "Stop after the records that exist at start (for scripts), instead of following.")
    private boolean exitAtEnd;

    @Override
    public Integer call() throws Exception {
        if (fromBeginning && since != null) {
            throw new IllegalArgumentException("--from-beginning and --since exclude each other");
        }
        final Settings settings = kafka.settings(Map.of(), Map.of());
        final TopicCatalog catalog = DetectorApp.catalog(settings);
        final FeedFilter filter = new FeedFilter(entity, country == null ? null : country.toUpperCase(Locale.ROOT),
                new LinkedHashSet<>(kinds), minSeverity == null ? 0 : FeedFilter.parseSeverity(minSeverity),
                country == null ? Map.of() : asnCountries(settings, catalog));
        final FeedReader.Start start = fromBeginning ? new FeedReader.Start.Beginning()
                : since != null ? new FeedReader.Start.Since(Instant.now().minus(parseDuration(since)).toEpochMilli())
                : new FeedReader.Start.End();
        final PrintWriter out = spec.commandLine().getOut();
        final ConsoleFormat format = json ? ConsoleFormat.plain() : ConsoleFormat.forTerminal(Terminal.isInteractive(), System.getenv());
        final AtomicBoolean running = new AtomicBoolean(true);
        final CountDownLatch finished = new CountDownLatch(1);
        final IncidentMemory memory = new IncidentMemory();
        try (FeedReader reader = new FeedReader(settings.kafkaConfig(), catalog.outageAlerts(), catalog.incidents(), null)) {
            reader.assign(start, TIMEOUT);
            final Map<TopicPartition, Long> ends = exitAtEnd ? reader.endOffsets(TIMEOUT) : null;
            final Thread hook = new Thread(() -> {
                running.set(false);
                reader.wakeup();
                try {
                    finished.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "watch-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                while (running.get() && (ends == null || !reader.reached(ends))) {
                    for (final FeedEvent event : reader.poll(Duration.ofMillis(500))) {
                        if (filter.test(event)) {
                            out.println(json ? ConsoleFormat.json(event) : format.text(event, memory));
                        }
                    }
                    out.flush();
                }
            } catch (WakeupException e) {
                if (running.get()) {
                    throw e;
                }
            } finally {
                finished.countDown();
                removeHook(hook);
            }
        }
        return 0;
    }

    /** ASN -> country from the compacted {@code asn-metadata} topic, for {@code --country} on ASN alerts. */
    private static Map<Long, String> asnCountries(final Settings settings, final TopicCatalog catalog) {
        final Map<Long, String> countries = new HashMap<>();
        for (final AsnInfo info : LatestPerKey.read(settings.kafkaConfig(), catalog.asnMetadata(), TIMEOUT).values()) {
            if (info.getCountry() != null) {
                countries.put(info.getAsn(), info.getCountry());
            }
        }
        return countries;
    }

    /** {@code 30s}, {@code 30m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT2H}, {@code P1D}); positive. */
    static Duration parseDuration(final String text) {
        final String t = text.strip();
        Duration d;
        final Matcher m = SHORT_DURATION.matcher(t);
        if (m.matches()) {
            final long n = Long.parseLong(m.group(1));
            d = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "s" -> Duration.ofSeconds(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(t.toUpperCase(Locale.ROOT).startsWith("P") ? t : "P" + t);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("--since must be a duration such as 30m, 2h, 1d or PT2H, not '" + text + "'", e);
            }
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("--since must be positive, not '" + text + "'");
        }
        return d;
    }

    static void removeHook(final Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running, and waits for us
        }
    }
}
