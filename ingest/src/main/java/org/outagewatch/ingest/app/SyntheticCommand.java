package org.outagewatch.ingest.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.kafka.common.errors.SerializationException;
import org.outagewatch.ingest.publish.DeadLetters;
import org.outagewatch.ingest.publish.BatchPolicy;
import org.outagewatch.ingest.publish.EventPublisher;
import org.outagewatch.ingest.publish.Progress;
import org.outagewatch.ingest.publish.PublishSummary;
import org.outagewatch.ingest.synthetic.Country;
import org.outagewatch.ingest.synthetic.LabelsWriter;
import org.outagewatch.ingest.synthetic.OutagePlan;
import org.outagewatch.ingest.synthetic.WorldEvent;
import org.outagewatch.ingest.synthetic.WorldGenerator;
import org.outagewatch.ingest.synthetic.WorldSpec;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ingest synthetic}: generates a slice of a seeded synthetic world and publishes it. Produces
 * probe-results and traffic-samples (keyed {@code AS<asn>}, record time = event time), asn-metadata for the
 * world's networks, and ingest-dead-letters for events the serdes reject. Writes the ground-truth labels on
 * request. With {@code --dry-run} it generates and serializes every event (in-process registry) without
 * Kafka and prints the counts.
 *
 * <p>The world is [start, start + days) and its outages are drawn from the seed over that period, so keep
 * {@code --seed}, {@code --start}, {@code --days} and the world options the same to publish several slices
 * ({@code --from}/{@code --to}) of one world. Every option is also a setting ({@code outagewatch.synthetic.*}).
 */
@Command(name = "synthetic", mixinStandardHelpOptions = true,
        description = "Generate a slice of a seeded synthetic world (traffic and outside-in probes per ASN, "
                + "with injected outages) and publish it.")
public final class SyntheticCommand implements Callable<Integer> {
    public static final String STAGE = "ingest.synthetic";
    public static final String PREFIX = Settings.OURS + "synthetic.";
    public static final String SEED = PREFIX + "seed";
    public static final String ASNS = PREFIX + "asns";
    public static final String COUNTRIES = PREFIX + "countries";
    public static final String PROBES_PER_ASN = PREFIX + "probes.per.asn";
    public static final String START = PREFIX + "start";
    public static final String DAYS = PREFIX + "days";
    public static final String OUTAGES = PREFIX + "outages";
    public static final String OUTAGE_MIN_MINUTES = PREFIX + "outage.min.minutes";
    public static final String OUTAGE_MAX_MINUTES = PREFIX + "outage.max.minutes";
    public static final String WARM_UP_HOURS = PREFIX + "warm.up.hours";
    public static final String PARTITIONS = Settings.OURS + "partitions";
    public static final String REPLICATION_FACTOR = Settings.OURS + "replication.factor";

    public static final int DEFAULT_OUTAGES = 8;
    public static final int DEFAULT_OUTAGE_MIN_MINUTES = 10;
    public static final int DEFAULT_OUTAGE_MAX_MINUTES = 120;
    /** The registry a dry run serializes against: in-process, nothing leaves the JVM. */
    public static final String DRY_RUN_REGISTRY = "mock://outagewatch-dry-run";

    @Spec
    private CommandSpec commandSpec;

    @Mixin
    private KafkaOptions kafka;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the world (default " + WorldSpec.DEFAULT_SEED + ").")
    private Long seed;

    @Option(names = "--asns", paramLabel = "N", description = "Networks in the world (default " + WorldSpec.DEFAULT_ASNS + ").")
    private Integer asns;

    @Option(names = "--countries", paramLabel = "CC,CC...", description = "Countries, from PK,IN,IR,DE,BR,US,NG,ID (default all).")
    private String countries;

    @Option(names = "--probes-per-asn", paramLabel = "N",
            description = "Outside-in probe targets per network (default " + WorldSpec.DEFAULT_PROBES_PER_ASN + ").")
    private Integer probesPerAsn;

    @Option(names = "--start", paramLabel = "INSTANT", description = "First instant of the world, ISO-8601 (default "
            + "2024-03-04T00:00:00Z, a Monday).")
    private String start;

    @Option(names = "--days", paramLabel = "N", description = "Length of the world in days (default 7).")
    private Integer days;

    @Option(names = "--from", paramLabel = "INSTANT", description = "Publish only events at or after this instant.")
    private String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Publish only events before this instant.")
    private String to;

    @Option(names = "--outages", paramLabel = "N", description = "Outages drawn from the seed (default " + DEFAULT_OUTAGES + ").")
    private Integer outages;

    @Option(names = "--outage-minutes", paramLabel = "MIN-MAX",
            description = "Range of outage durations in minutes (default " + DEFAULT_OUTAGE_MIN_MINUTES + "-"
                    + DEFAULT_OUTAGE_MAX_MINUTES + ").")
    private String outageMinutes;

    @Option(names = "--warm-up-hours", paramLabel = "N", description = "Hours at the start without outages (default 24).")
    private Integer warmUpHours;

    @Option(names = "--labels-out", paramLabel = "FILE",
            description = "Write the outage windows of the slice as JSON {entity: [[start, end], ...]}.")
    private Path labelsOut;

    @Option(names = "--outages-out", paramLabel = "FILE",
            description = "Write the outages of the slice as JSON lines, with depth and kind.")
    private Path outagesOut;

    @Option(names = "--dry-run", description = "Generate and serialize without Kafka; print the counts.")
    private boolean dryRun;

    @Option(names = "--create-topics", description = "Create the catalog's missing topics first.")
    private boolean createTopics;

    @Option(names = "--no-metadata", description = "Do not publish the networks' names and countries to asn-metadata.")
    private boolean noMetadata;

    @Option(names = "--progress", description = "Show progress on stderr even when it is not a terminal.")
    private boolean progress;

    @Override
    public Integer call() throws InterruptedException {
        final Settings settings;
        final WorldSpec world;
        final Instant sliceFrom;
        final Instant sliceTo;
        try {
            settings = kafka.settings(Map.of(), flags());
            world = worldSpec(settings);
            sliceFrom = from == null ? world.start() : instant("--from", from);
            sliceTo = to == null ? world.end() : instant("--to", to);
            checkSlice(world, sliceFrom, sliceTo);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandSpec.commandLine(), e.getMessage(), e);
        }

        if (labelsOut != null) {
            LabelsWriter.writeWindows(world, sliceFrom, sliceTo, labelsOut);
        }
        if (outagesOut != null) {
            LabelsWriter.writeOutages(world, sliceFrom, sliceTo, outagesOut);
        }
        final PrintWriter out = commandSpec.commandLine().getOut();
        out.printf(Locale.ROOT, "world: %d ASNs in %d countries, %s .. %s, seed %d, %d outages%n", world.asnCount(),
                world.countries().size(), world.start(), world.end(), world.seed(), world.outages().size());
        out.printf(Locale.ROOT, "slice: %s .. %s, %d outages in it%n", sliceFrom, sliceTo,
                world.outages().overlapping(sliceFrom, sliceTo).size());
        out.flush();
        return dryRun ? dryRun(settings, world, sliceFrom, sliceTo, out) : publish(settings, world, sliceFrom, sliceTo, out);
    }

    private int publish(final Settings settings, final WorldSpec world, final Instant sliceFrom, final Instant sliceTo,
                        final PrintWriter out) throws InterruptedException {
        final TopicCatalog catalog = IngestTopics.catalog(settings, null);
        IngestTopics.prepare(settings, catalog, createTopics, List.of(catalog.probeResults(), catalog.trafficSamples(),
                catalog.asnMetadata(), catalog.deadLetters()));
        final WorldGenerator generator = new WorldGenerator(world);
        final Progress bar = Progress.onStderr("ingest synthetic", progress);
        final PublishSummary summary;
        final long deadLetterCount;
        try (EventPublisher publisher = new EventPublisher(settings.kafkaConfig(), catalog, BatchPolicy.from(settings))) {
            final DeadLetters deadLetters = new DeadLetters(publisher, STAGE, Clock.systemUTC());
            if (!noMetadata) {
                for (final AsnInfo info : generator.asnInfos()) {
                    publisher.send(catalog.asnMetadata(), "AS" + info.getAsn(), info, world.start());
                }
            }
            generator.generate(sliceFrom, sliceTo, event -> {
                try {
                    publisher.publish(event);
                } catch (SerializationException e) {
                    deadLetters.reject("Cannot serialize event: " + e.getMessage(), e, origin(event), payload(event));
                    bar.deadLetters(deadLetters.count());
                }
                bar.records(1);
            });
            publisher.flush();
            bar.deadLetters(deadLetters.count());
            deadLetterCount = deadLetters.count();
            summary = publisher.summary();
        }
        bar.finish();
        summary.sentByTopic().forEach((topic, count) -> out.printf(Locale.ROOT, "%-20s %,12d%n", topic, count));
        out.printf(Locale.ROOT, "published: %s, %d dead letters%n", summary, deadLetterCount);
        out.flush();
        return PublishOutcome.exitCode(summary, commandSpec.commandLine().getErr(), commandSpec.qualifiedName());
    }

    private int dryRun(final Settings settings, final WorldSpec world, final Instant sliceFrom, final Instant sliceTo,
                       final PrintWriter out) {
        final TopicCatalog catalog = IngestTopics.catalog(settings, DRY_RUN_REGISTRY);
        final WorldGenerator generator = new WorldGenerator(world);
        final DeadLetters deadLetters = new DeadLetters(null, STAGE, Clock.systemUTC());
        final Progress bar = Progress.onStderr("ingest synthetic (dry run)", progress);
        final Map<String, long[]> counts = new TreeMap<>();
        final Consumer<WorldEvent> validate = event -> {
            try {
                final byte[] bytes;
                final String topic;
                if (event instanceof WorldEvent.Probe probe) {
                    topic = catalog.probeResults().name();
                    bytes = catalog.probeResults().valueSerde().serializer().serialize(topic, probe.value());
                } else {
                    final WorldEvent.Traffic traffic = (WorldEvent.Traffic) event;
                    topic = catalog.trafficSamples().name();
                    bytes = catalog.trafficSamples().valueSerde().serializer().serialize(topic, traffic.value());
                }
                final long[] count = counts.computeIfAbsent(topic, t -> new long[2]);
                count[0]++;
                count[1] += bytes.length;
            } catch (SerializationException e) {
                deadLetters.reject("Cannot serialize event: " + e.getMessage(), e, origin(event), payload(event));
                bar.deadLetters(deadLetters.count());
            }
            bar.records(1);
        };
        final long startNanos = System.nanoTime();
        final long events = generator.generate(sliceFrom, sliceTo, validate);
        final double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        bar.finish();
        if (!noMetadata) {
            counts.put(catalog.asnMetadata().name(), new long[] {generator.asnInfos().size(), 0});
        }
        counts.forEach((topic, count) -> out.printf(Locale.ROOT, "%-20s %,12d%s%n", topic, count[0],
                count[1] > 0 ? String.format(Locale.ROOT, "  (%,d bytes, %.0f bytes/record)", count[1],
                        count[1] / (double) count[0]) : ""));
        out.printf(Locale.ROOT, "dry run: %,d events generated and serialized in %.2f s (%,.0f events/s), %d dead letters%n",
                events, seconds, events / seconds, deadLetters.count());
        out.flush();
        return 0;
    }

    /** The world described by the settings, its outages drawn from the seed. */
    static WorldSpec worldSpec(final Settings settings) {
        final Instant worldStart = instant(START, settings.get(START, WorldSpec.DEFAULT_START.toString()));
        final int worldDays = positive(DAYS, settings.getInt(DAYS, (int) WorldSpec.DEFAULT_LENGTH.toDays()));
        final String countryList = settings.get(COUNTRIES);
        final List<Country> worldCountries = countryList == null || countryList.isBlank() ? Country.DEFAULTS
                : Arrays.stream(countryList.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Country::byCode)
                        .distinct().toList();
        final WorldSpec base = WorldSpec.defaults()
                .withSeed(settings.getLong(SEED, WorldSpec.DEFAULT_SEED))
                .withAsnCount(positive(ASNS, settings.getInt(ASNS, WorldSpec.DEFAULT_ASNS)))
                .withCountries(worldCountries)
                .withPeriod(worldStart, worldStart.plus(Duration.ofDays(worldDays)))
                .withProbesPerAsn(positive(PROBES_PER_ASN, settings.getInt(PROBES_PER_ASN, WorldSpec.DEFAULT_PROBES_PER_ASN)))
                .withWarmUp(Duration.ofHours(settings.getInt(WARM_UP_HOURS, (int) WorldSpec.DEFAULT_WARM_UP.toHours())));
        final int outageCount = settings.getInt(OUTAGES, DEFAULT_OUTAGES);
        final int minMinutes = settings.getInt(OUTAGE_MIN_MINUTES, DEFAULT_OUTAGE_MIN_MINUTES);
        final int maxMinutes = settings.getInt(OUTAGE_MAX_MINUTES, DEFAULT_OUTAGE_MAX_MINUTES);
        return base.withOutages(OutagePlan.random(base, outageCount, minMinutes, maxMinutes));
    }

    private Map<String, String> flags() {
        final Map<String, String> flags = new HashMap<>();
        flags.put(SEED, seed == null ? null : seed.toString());
        flags.put(ASNS, asns == null ? null : asns.toString());
        flags.put(COUNTRIES, countries);
        flags.put(PROBES_PER_ASN, probesPerAsn == null ? null : probesPerAsn.toString());
        flags.put(START, start);
        flags.put(DAYS, days == null ? null : days.toString());
        flags.put(OUTAGES, outages == null ? null : outages.toString());
        flags.put(WARM_UP_HOURS, warmUpHours == null ? null : warmUpHours.toString());
        if (outageMinutes != null) {
            final String[] bounds = outageMinutes.split("-", 2);
            if (bounds.length != 2 || !bounds[0].trim().matches("\\d+") || !bounds[1].trim().matches("\\d+")) {
                throw new IllegalArgumentException("--outage-minutes must be MIN-MAX in whole minutes, not '"
                        + outageMinutes + "'");
            }
            flags.put(OUTAGE_MIN_MINUTES, bounds[0].trim());
            flags.put(OUTAGE_MAX_MINUTES, bounds[1].trim());
        }
        return flags;
    }

    private static void checkSlice(final WorldSpec world, final Instant sliceFrom, final Instant sliceTo) {
        if (!sliceFrom.isBefore(sliceTo)) {
            throw new IllegalArgumentException("--from " + sliceFrom + " must be before --to " + sliceTo);
        }
        if (sliceFrom.isBefore(world.start()) || sliceTo.isAfter(world.end())) {
            throw new IllegalArgumentException("The slice " + sliceFrom + " .. " + sliceTo + " must lie inside the world "
                    + world.start() + " .. " + world.end() + " (set --start and --days)");
        }
    }

    private static Instant instant(final String name, final String value) {
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2024-03-04T00:00:00Z, not '"
                    + value + "'", e);
        }
    }

    private static int positive(final String name, final int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
        return value;
    }

    private static String origin(final WorldEvent event) {
        return "synthetic:" + event.key() + "@" + event.eventTime();
    }

    private static byte[] payload(final WorldEvent event) {
        return event.value().toString().getBytes(StandardCharsets.UTF_8);
    }
}
