package org.outagewatch.deploy.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.outagewatch.ingest.synthetic.OutagePlan;
import org.outagewatch.ingest.synthetic.WorldSpec;

/**
 * The demo's world and how far it has been published, kept in {@code <data dir>/demo/} so that a second run
 * resumes where the first stopped: {@code world.properties} (seed, networks, history) and {@code clock}
 * (the simulated instant published so far).
 *
 * <p>The world starts at {@link WorldSpec#DEFAULT_START}. Its first {@code history} is published as fast as
 * possible, without outages, so the detector learns each network's daily shape; after that the world runs in
 * accelerated time and outages (20 minutes to 2 hours, full or partial) start in it about every
 * {@link #MINUTES_BETWEEN_OUTAGES} simulated minutes somewhere in the world: at the default five simulated minutes a
 * second, one outage every eighteen seconds or so, each a few alert lines and an incident, which a person can follow
 * (at ten minutes a second the three-minute demo printed about 240 lines).
 * Worlds saved before the spacing was recorded keep the {@link #LEGACY_MINUTES_BETWEEN_OUTAGES} they were made with.
 *
 * @param minutesBetweenOutages the average simulated time between two outage starts
 */
public record DemoWorld(WorldSpec spec, Duration history, int minutesBetweenOutages) {
    public static final Duration LENGTH = Duration.ofDays(60);
    /** The demo's defaults: seed, networks and history ({@code outagewatch demo}). */
    public static final long DEFAULT_SEED = 42L;
    public static final int DEFAULT_ASNS = 40;
    public static final String DEFAULT_HISTORY = "PT30H";
    public static final int MINUTES_BETWEEN_OUTAGES = 90;
    /** The spacing of worlds whose world.properties has none. */
    public static final int LEGACY_MINUTES_BETWEEN_OUTAGES = 40;
    public static final int MIN_OUTAGE_MINUTES = 20;
    public static final int MAX_OUTAGE_MINUTES = 120;

    /** A new demo world: seeded, with outages only after the history. */
    public static DemoWorld create(final long seed, final int asns, final Duration history) {
        return create(seed, asns, history, MINUTES_BETWEEN_OUTAGES);
    }

    /** A demo world with outages about every {@code minutesBetweenOutages} simulated minutes after the history. */
    public static DemoWorld create(final long seed, final int asns, final Duration history, final int minutesBetweenOutages) {
        final Instant start = WorldSpec.DEFAULT_START;
        final WorldSpec base = WorldSpec.defaults().withAsnCount(asns).withSeed(seed)
                .withPeriod(start, start.plus(LENGTH)).withWarmUp(history);
        final int outages = (int) (LENGTH.minus(history).toMinutes() / minutesBetweenOutages);
        return new DemoWorld(base.withOutages(OutagePlan.random(base, outages, MIN_OUTAGE_MINUTES, MAX_OUTAGE_MINUTES)), history,
                minutesBetweenOutages);
    }

    public Instant start() {
        return spec.start();
    }

    public Instant historyEnd() {
        return spec.start().plus(history);
    }

    /** Reads the world a previous run saved, or null when this data directory has none. */
    public static DemoWorld load(final Path demoDir) {
        final Path file = demoDir.resolve("world.properties");
        if (!Files.exists(file)) {
            return null;
        }
        final Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
            return create(Long.parseLong(p.getProperty("seed")), Integer.parseInt(p.getProperty("asns")),
                    Duration.parse(p.getProperty("history")), Integer.parseInt(p.getProperty("minutes-between-outages",
                            Integer.toString(LEGACY_MINUTES_BETWEEN_OUTAGES))));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the saved demo world " + file + " (" + e.getMessage()
                    + "); delete the data directory to start afresh", e);
        }
    }

    public void save(final Path demoDir) throws IOException {
        Files.createDirectories(demoDir);
        final Properties p = new Properties();
        p.setProperty("seed", Long.toString(spec.seed()));
        p.setProperty("asns", Integer.toString(spec.asnCount()));
        p.setProperty("history", history.toString());
        p.setProperty("minutes-between-outages", Integer.toString(minutesBetweenOutages));
        try (Writer writer = Files.newBufferedWriter(demoDir.resolve("world.properties"), StandardCharsets.UTF_8)) {
            p.store(writer, "outagewatch demo world: delete the data directory to start afresh");
        }
    }

    /** The simulated instant published so far, or the world's start. */
    public Instant loadClock(final Path demoDir) throws IOException {
        final Path file = demoDir.resolve("clock");
        return Files.exists(file) ? Instant.parse(Files.readString(file, StandardCharsets.UTF_8).trim()) : start();
    }

    public static void saveClock(final Path demoDir, final Instant clock) throws IOException {
        final Path tmp = demoDir.resolve("clock.tmp");
        Files.writeString(tmp, clock.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, demoDir.resolve("clock"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
