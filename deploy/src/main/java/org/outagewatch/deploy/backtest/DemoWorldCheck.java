package org.outagewatch.deploy.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.outagewatch.deploy.demo.DemoWorld;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.ingest.synthetic.Outage;
import org.outagewatch.ingest.synthetic.WorldEvent;
import org.outagewatch.ingest.synthetic.WorldGenerator;

/**
 * The demo-world incident check: the demo's own world ({@link DemoWorld} with the demo's defaults, {@value #SEED},
 * {@value #ASNS} networks, {@link #HISTORY} of history) through the whole detector offline, from the world's start
 * to {@link #AFTER_HISTORY} after its history. Every outage the demo injects is one network's, so every incident it
 * produces must be a NETWORK_OUTAGE: a national or regional shutdown, a platform outage or a blocking episode is an
 * over-claim. {@code backtest --scenario demo-world --incidents-out FILE} writes them.
 */
public final class DemoWorldCheck {
    public static final String NAME = "demo-world";
    /** The demo's defaults ({@code outagewatch demo}). */
    public static final long SEED = DemoWorld.DEFAULT_SEED;
    public static final int ASNS = DemoWorld.DEFAULT_ASNS;
    public static final Duration HISTORY = Duration.parse(DemoWorld.DEFAULT_HISTORY);
    /**
     * How much of the live part is checked: 27 simulated hours, the demo's first 12 outages (to 2024-03-06 09:00 UTC),
     * among them the overlapping outages of one country that were once called a shutdown and the two ID outages
     * (05:32-07:17 and 07:24-08:32 in the 60-day plan) that were once merged.
     */
    public static final Duration AFTER_HISTORY = Duration.ofHours(27);

    private DemoWorldCheck() {
    }

    /** The demo's world. */
    public static DemoWorld world() {
        return DemoWorld.create(SEED, ASNS, HISTORY);
    }

    /** The end of the checked span. */
    public static Instant end() {
        return world().historyEnd().plus(AFTER_HISTORY);
    }

    /** The outages the demo injects in the checked span (each one network's). */
    public static List<Outage> injected() {
        final DemoWorld world = world();
        return world.spec().outages().overlapping(world.start(), end());
    }

    /** The check as an incident scenario (its networks, its events); the expectation is on kinds, not a list. */
    public static IncidentScenario scenario() {
        final DemoWorld world = world();
        final WorldGenerator generator = new WorldGenerator(world.spec());
        return new IncidentScenario(NAME, "the demo's world (seed " + SEED + ", " + ASNS + " networks, " + HISTORY
                + " of history, then " + AFTER_HISTORY + "): every incident must be a NETWORK_OUTAGE", generator.asnInfos(),
                () -> events(generator, world.start(), end()), List.of());
    }

    private static List<BacktestRecord> events(final WorldGenerator generator, final Instant from, final Instant to) {
        final List<BacktestRecord> out = new ArrayList<>();
        final Iterator<WorldEvent> events = generator.iterator(from, to);
        while (events.hasNext()) {
            out.add(Scenario.asIs(events.next()));
        }
        return out;
    }
}
