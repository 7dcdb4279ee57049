package org.outagewatch.deploy.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.detector.backtest.LabelWindow;
import org.outagewatch.detector.backtest.Labels;
import org.outagewatch.detector.feedhealth.FeedSummary;
import org.outagewatch.detector.signals.FoldedSignal;
import org.outagewatch.ingest.synthetic.Outage;
import org.outagewatch.ingest.synthetic.OutagePlan;
import org.outagewatch.ingest.synthetic.SyntheticAsn;
import org.outagewatch.ingest.synthetic.WorldEvent;
import org.outagewatch.ingest.synthetic.WorldSpec;
import org.outagewatch.schemas.TrafficSample;

/**
 * The synthetic scenarios of the quality report, each a small world of {@value #ASNS} networks (one per
 * country, so local times and weekends differ) over {@value #DAYS} days from a Monday, with nothing injected in
 * the first two days. Outage times are drawn from a fixed seed, so the report is the same on every run.
 */
public final class Scenarios {
    public static final int ASNS = 8;
    public static final int DAYS = 10;
    static final long SEED = 7L;
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration HOUR = Duration.ofHours(1);

    private Scenarios() {
    }

    /** Every scenario, in the report's order. */
    public static List<Scenario> all() {
        return List.of(noOutage(), full(), partial(), partial30(), short20(), dailyRepeat(), levelShift(), sparse(),
                holidayDip(), gradualRecovery(), stalledFeed());
    }

    /** The scenario with this name. */
    public static Scenario named(final String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("No scenario '" + name + "'; scenarios: "
                        + String.join(", ", all().stream().map(Scenario::name).toList())));
    }

    static WorldSpec base() {
        final Instant start = WorldSpec.DEFAULT_START;
        return WorldSpec.defaults().withAsnCount(ASNS).withSeed(SEED).withPeriod(start, start.plus(DAY.multipliedBy(DAYS)))
                .withWarmUp(DAY.multipliedBy(2));
    }

    static Scenario noOutage() {
        final WorldSpec spec = base();
        return new Scenario("no-outage", "quiet world, nothing injected", spec, Scenario::asIs, labels(spec, List.of()));
    }

    static Scenario full() {
        final WorldSpec spec = withPlan(base(), drawn(base(), 1.0, 30, 120, 3));
        return new Scenario("full", "full outages, 30-120 min", spec, Scenario::asIs, fromPlan(spec));
    }

    static Scenario partial() {
        final WorldSpec spec = withPlan(base(), drawn(base(), 0.5, 30, 120, 3));
        return new Scenario("partial-50", "50% partial outages, 30-120 min", spec, Scenario::asIs, fromPlan(spec));
    }

    /** The shallowest outages the targets name: 30% of probes and traffic gone for 30-120 min. */
    static Scenario partial30() {
        final WorldSpec spec = withPlan(base(), drawn(base(), 0.3, 30, 120, 3));
        return new Scenario("partial-30", "30% partial outages, 30-120 min", spec, Scenario::asIs, fromPlan(spec));
    }

    static Scenario short20() {
        final WorldSpec spec = withPlan(base(), drawn(base(), 1.0, 20, 20, 3));
        return new Scenario("short-20m", "full outages of 20 min", spec, Scenario::asIs, fromPlan(spec));
    }

    /** Half the networks shut down 01:00-05:00 UTC on eight days running (Iraq's exam shutdowns). */
    static Scenario dailyRepeat() {
        final WorldSpec base = base();
        final List<Outage> outages = new ArrayList<>();
        for (int i = 0; i < ASNS / 2; i++) {
            for (int day = 2; day < 10; day++) {
                final Instant start = base.start().plus(DAY.multipliedBy(day)).plus(HOUR);
                outages.add(new Outage(SyntheticAsn.asnAt(i), start, start.plus(HOUR.multipliedBy(4)), 1.0));
            }
        }
        final WorldSpec spec = withPlan(base, outages);
        return new Scenario("daily-repeat", "full shutdown 01:00-05:00 UTC, 8 days running", spec, Scenario::asIs,
                fromPlan(spec));
    }

    /**
     * Half the networks lose half their traffic for good on day 3 (a customer leaves; probes unchanged), then
     * have full outages on days 6 and 8. The onset is labelled for an hour; afterwards the new level must be
     * accepted, without an alert that never ends, and the later outages still caught.
     */
    static Scenario levelShift() {
        final WorldSpec base = base();
        final Instant shift = base.start().plus(DAY.multipliedBy(3)).plus(HOUR.multipliedBy(10));
        final List<Outage> outages = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < ASNS / 2; i++) {
            for (final int day : new int[] {6, 8}) {
                outages.add(outageOn(base, i, day, random, 1.0, 30, 90));
            }
        }
        final WorldSpec spec = withPlan(base, outages);
        final Set<Long> shifted = new LinkedHashSet<>();
        for (int i = 0; i < ASNS / 2; i++) {
            shifted.add(SyntheticAsn.asnAt(i));
        }
        final Function<WorldEvent, BacktestRecord> transform = event -> {
            if (event instanceof WorldEvent.Traffic t && shifted.contains(t.value().getAsn())
                    && !t.eventTime().isBefore(shift)) {
                return new BacktestRecord.Traffic(scaled(t.value(), 0.5));
            }
            return Scenario.asIs(event);
        };
        final List<LabelWindow> windows = new ArrayList<>(fromPlan(spec).windows());
        for (final long asn : shifted) {
            windows.add(new LabelWindow(SyntheticAsn.entityId(asn), shift, shift.plus(HOUR)));
        }
        return new Scenario("level-shift", "traffic -50% for good on day 3, full outages on days 6 and 8", spec,
                transform, labels(spec, windows));
    }

    /** Five targets probed every five minutes, no traffic counters: five probes a window. */
    static Scenario sparse() {
        final WorldSpec base = base().withProbesPerAsn(5).withIntervals(Duration.ofMinutes(5), Duration.ofMinutes(5));
        final List<Outage> outages = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int i = 0; i < ASNS; i++) {
            outages.add(outageOn(base, i, 3 + i % 2, random, 1.0, 30, 120));
            outages.add(outageOn(base, i, 6 + i % 2, random, 0.5, 30, 120));
            outages.add(outageOn(base, i, 8 + i % 2, random, 1.0, 15, 15));
        }
        final WorldSpec spec = withPlan(base, outages);
        return new Scenario("sparse-5", "5 probes per 5 min, no traffic; full, 50% and 15-min outages", spec,
                e -> e instanceof WorldEvent.Probe ? Scenario.asIs(e) : null, fromPlan(spec));
    }

    /** Every network's traffic sags smoothly by up to 35% for 12 hours on day 4 (a holiday); not an outage. */
    static Scenario holidayDip() {
        final WorldSpec spec = base();
        final long from = spec.start().plus(DAY.multipliedBy(4)).plus(HOUR.multipliedBy(6)).toEpochMilli();
        final long length = HOUR.multipliedBy(12).toMillis();
        final Function<WorldEvent, BacktestRecord> transform = event -> {
            if (event instanceof WorldEvent.Traffic t) {
                final long at = t.eventTime().toEpochMilli() - from;
                if (at >= 0 && at < length) {
                    return new BacktestRecord.Traffic(scaled(t.value(), 1.0 - 0.35 * Math.sin(Math.PI * at / length)));
                }
            }
            return Scenario.asIs(event);
        };
        return new Scenario("holiday-dip", "traffic sags up to 35% over 12 h on day 4, probes fine; no outage",
                spec, transform, labels(spec, List.of()));
    }

    /** Full outages that recover in steps: 100%, 75%, 50%, 25% down, 30 minutes each; one label for the whole. */
    static Scenario gradualRecovery() {
        final WorldSpec base = base();
        final SplittableRandom random = new SplittableRandom(SEED + 2);
        final List<Outage> outages = new ArrayList<>();
        final List<LabelWindow> windows = new ArrayList<>();
        for (int i = 0; i < ASNS; i++) {
            for (final int day : new int[] {3 + i % 2, 6 + i % 2}) {
                Instant start = startOn(base, day, random);
                windows.add(new LabelWindow(SyntheticAsn.entityId(SyntheticAsn.asnAt(i)), start, start.plus(HOUR.multipliedBy(2))));
                for (final double depth : new double[] {1.0, 0.75, 0.5, 0.25}) {
                    final Instant end = start.plus(Duration.ofMinutes(30));
                    outages.add(new Outage(SyntheticAsn.asnAt(i), start, end, depth));
                    start = end;
                }
            }
        }
        final WorldSpec spec = withPlan(base, outages);
        return new Scenario("gradual-recovery", "full outage recovering in 30-min steps over 2 h", spec,
                Scenario::asIs, labels(spec, windows));
    }

    /**
     * The full outages of {@link #full()}, and two stalled collectors: every probe result is missing on day 8 from
     * 10:00 to 12:00 UTC (traffic keeps flowing), and every traffic sample on day 9 from 14:00 to 15:00 (probes
     * keep flowing). Each stall is one label on its feed ({@code feed/probe.reachable}, {@code feed/traffic.volume});
     * an outage alert on a network during a stall is a false alert.
     */
    static Scenario stalledFeed() {
        final WorldSpec spec = withPlan(base(), drawn(base(), 1.0, 30, 120, 3));
        final Instant probesFrom = spec.start().plus(DAY.multipliedBy(8)).plus(HOUR.multipliedBy(10));
        final Instant probesTo = probesFrom.plus(HOUR.multipliedBy(2));
        final Instant trafficFrom = spec.start().plus(DAY.multipliedBy(9)).plus(HOUR.multipliedBy(14));
        final Instant trafficTo = trafficFrom.plus(HOUR);
        final Function<WorldEvent, BacktestRecord> transform = event -> {
            final Instant at = event.eventTime();
            final boolean probe = event instanceof WorldEvent.Probe;
            final boolean stalled = probe ? !at.isBefore(probesFrom) && at.isBefore(probesTo)
                    : !at.isBefore(trafficFrom) && at.isBefore(trafficTo);
            return stalled ? null : Scenario.asIs(event);
        };
        final List<LabelWindow> windows = new ArrayList<>(fromPlan(spec).windows());
        windows.add(new LabelWindow(FeedSummary.entityOf(FoldedSignal.PROBE_REACHABLE.id()), probesFrom, probesTo));
        windows.add(new LabelWindow(FeedSummary.entityOf(FoldedSignal.TRAFFIC_VOLUME.id()), trafficFrom, trafficTo));
        return new Scenario("stalled-feed", "full outages, and the probe feed stalled 2 h, the traffic feed 1 h",
                spec, transform, labels(spec, windows));
    }

    private static List<Outage> drawn(final WorldSpec spec, final double depth, final int minMinutes,
                                      final int maxMinutes, final int perAsn) {
        final SplittableRandom random = new SplittableRandom(SEED + Math.round(depth * 100) + minMinutes);
        final List<Outage> outages = new ArrayList<>();
        for (int i = 0; i < ASNS; i++) {
            for (int k = 0; k < perAsn; k++) {
                outages.add(outageOn(spec, i, 2 + 2 * k + i % 2, random, depth, minMinutes, maxMinutes));
            }
        }
        return outages;
    }

    private static Outage outageOn(final WorldSpec spec, final int index, final int day, final SplittableRandom random,
                                   final double depth, final int minMinutes, final int maxMinutes) {
        final Instant start = startOn(spec, day, random);
        final int minutes = minMinutes + random.nextInt(maxMinutes - minMinutes + 1);
        return new Outage(SyntheticAsn.asnAt(index), start, start.plus(Duration.ofMinutes(minutes)), depth);
    }

    /** A start on that day between 00:00 and 21:00 UTC, on a whole minute. */
    private static Instant startOn(final WorldSpec spec, final int day, final SplittableRandom random) {
        return spec.start().plus(DAY.multipliedBy(day)).plus(Duration.ofMinutes(random.nextInt(21 * 60)));
    }

    private static WorldSpec withPlan(final WorldSpec spec, final List<Outage> outages) {
        return spec.withOutages(new OutagePlan(outages));
    }

    private static Labels fromPlan(final WorldSpec spec) {
        return labels(spec, spec.outages().outages().stream()
                .map(o -> new LabelWindow(o.entityId(), o.start(), o.end())).toList());
    }

    private static Labels labels(final WorldSpec spec, final List<LabelWindow> windows) {
        final Set<String> entities = new LinkedHashSet<>();
        spec.networks().forEach(n -> entities.add(n.entityId()));
        windows.forEach(w -> entities.add(w.entity()));
        return new Labels(entities, windows);
    }

    private static TrafficSample scaled(final TrafficSample sample, final double factor) {
        final TrafficSample copy = TrafficSample.newBuilder(sample).build();
        copy.setBytes(Math.round(sample.getBytes() * factor));
        copy.setPackets(Math.round(sample.getPackets() * factor));
        return copy;
    }
}
