package org.outagewatch.deploy.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.detector.backtest.LabelWindow;
import org.outagewatch.detector.backtest.Labels;
import org.outagewatch.ingest.synthetic.WorldSpec;
import org.outagewatch.schemas.SignalPoint;

/**
 * The quality report's scenarios of ready series (points published straight to signal-points, as external series
 * are), for the kinds of series whose noise differs most: stable routing tables, small noisy counts, and one entity
 * measured by all three. {@value #DAYS} days of 5-minute points from a Monday, nothing injected in the first two,
 * fixed seeds. Every outage is drawn long and deep enough to be detectable at all on its series (see each
 * scenario); below that no detector can tell it from noise, and the scenario says so rather than count it.
 */
public final class SeriesScenarios {
    public static final int DAYS = 10;
    static final long SEED = 11L;
    static final String ROUTING = "routing.visible-slash24";
    static final String TELESCOPE = "telescope.unique-sources";
    static final String ACTIVE = "active.responsive-slash24";
    private static final long WINDOW = Duration.ofMinutes(5).toMillis();
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** Information (minus log probability) an outage must carry in expectation: twice the 1e-6 of the detector. */
    private static final double DETECTABLE_NATS = 28.0;

    private SeriesScenarios() {
    }

    /** Every series scenario, in the report's order. */
    public static List<SeriesScenario> all() {
        return List.of(stableRouting(), lowCount(), mixedEntity());
    }

    /** The scenario with this name, or null. */
    public static SeriesScenario find(final String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * Eight routing tables of 300-5000 visible /24s, each with its own noise (0.1-0.5% from window to window, in whole
     * /24s) and a slow drift. Six have three outages on days 2-9 that withdraw 1-30% of the /24s for
     * 30 min to 8 h, at least ten times the table's noise and eight /24s (a drop of a tenth of the noise is not
     * an outage); two have an exam shutdown instead, 15% withdrawn 04:00-06:00 UTC on six days running.
     */
    static SeriesScenario stableRouting() {
        final SplittableRandom random = new SplittableRandom(SEED);
        final List<Series> series = new ArrayList<>();
        final List<LabelWindow> labels = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            final String entity = "AS" + (65101 + i);
            final double size = 300 * Math.pow(5000 / 300.0, random.nextDouble());
            final double noise = 0.001 + 0.004 * random.nextDouble();
            final double drift = (random.nextDouble() - 0.5) * 0.002;
            final List<Cut> cuts = new ArrayList<>();
            if (i < 2) {
                for (int day = 3; day < 9; day++) {
                    cuts.add(new Cut(start() + day * DAY + 4 * HOUR, start() + day * DAY + 6 * HOUR, 0.15));
                }
            } else {
                final double minDepth = Math.max(Math.max(0.01, 10 * noise), 8 / size);
                for (int k = 0; k < 3; k++) {
                    final long from = start() + (2 + 2L * k + i % 2) * DAY + random.nextInt(16 * 60) * MINUTE;
                    final long minutes = 30 + random.nextInt(8 * 60 - 30 + 1);
                    final double depth = minDepth * Math.pow(0.30 / minDepth, random.nextDouble());
                    cuts.add(new Cut(from, from + minutes * MINUTE, depth));
                }
            }
            cuts.forEach(c -> labels.add(c.label(entity)));
            series.add(new Series(entity, ROUTING, cuts, Shape.routing(size, noise, drift)));
        }
        return new SeriesScenario("stable-routing", "routing tables, 300-5000 /24s, 0.1-0.5% noise; 1-30% withdrawn "
                + "30 min-8 h, daily 2-h exam shutdowns", events(series, SEED), labels(series, labels));
    }

    /**
     * Eight small counts (darknet sources of a region): means per 5-minute window of 1, 2, 3, 5, 8, 12, 20 and 30,
     * diurnal (half the mean at night, one and a half at the peak), Poisson or, every second one, overdispersed
     * (negative binomial, variance twice the mean). Two full outages each of 1-6 h, and on the counts of 12 and
     * more a 50% drop of 2-6 h; each lasts at least as long as its series needs to show it (a count of one per
     * window shows nothing about a 1-h outage: 12 expected events missing happen by chance every few days).
     */
    static SeriesScenario lowCount() {
        final SplittableRandom random = new SplittableRandom(SEED + 1);
        final double[] means = {1, 2, 3, 5, 8, 12, 20, 30};
        final List<Series> series = new ArrayList<>();
        final List<LabelWindow> labels = new ArrayList<>();
        for (int i = 0; i < means.length; i++) {
            final String entity = "AS" + (65201 + i);
            final double mean = means[i];
            final double size = i % 2 == 0 ? Double.POSITIVE_INFINITY : mean;
            final List<Cut> cuts = new ArrayList<>();
            final double fullNats = Double.isInfinite(size) ? mean : size * Math.log1p(mean / size);
            cuts.add(drawn(random, 3 + i % 2, fullMinutes(fullNats, 60), 360, 1.0));
            cuts.add(drawn(random, 6 + i % 2, fullMinutes(fullNats, 60), 360, 1.0));
            if (mean >= 12) {
                final double variance = Double.isInfinite(size) ? mean : mean + mean * mean / size;
                final double halfNats = 0.25 * mean * mean / (2 * variance);
                cuts.add(drawn(random, 8 + i % 2, fullMinutes(halfNats, 120), 360, 0.5));
            }
            cuts.forEach(c -> labels.add(c.label(entity)));
            series.add(new Series(entity, TELESCOPE, cuts, Shape.count(mean, size, 2 * Math.PI * random.nextDouble())));
        }
        return new SeriesScenario("low-count", "counts of mean 1-30 per window (trough 0.5), Poisson or overdispersed; "
                + "full 1-6 h, 50% 2-6 h", events(series, SEED + 1), labels(series, labels));
    }

    /**
     * Four networks, each measured three ways: its routing table (500-3000 /24s, 0.2% noise), active probing
     * (300-2000 responsive /24s, 1.5% noise) and a darknet count (mean 5-20, Poisson). Three outages each, seen by
     * some of the series only: a full outage (all three go to zero, 1-3 h); a partial withdrawal of 5-10% of the
     * /24s (routing and probing lose that share, the count is too small to show it, 1-4 h); and a loss of 60% of
     * the hosts with the routes intact (probing and the count drop, routing does not, 2-4 h).
     */
    static SeriesScenario mixedEntity() {
        final SplittableRandom random = new SplittableRandom(SEED + 2);
        final List<Series> series = new ArrayList<>();
        final List<LabelWindow> labels = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            final String entity = "AS" + (65301 + i);
            final Cut full = drawn(random, 3 + i % 2, 60, 180, 1.0);
            final Cut withdrawal = drawn(random, 5 + i % 2, 60, 240, 0.05 + 0.05 * random.nextDouble());
            final Cut hosts = drawn(random, 7 + i % 2, 120, 240, 0.6);
            labels.add(full.label(entity));
            labels.add(withdrawal.label(entity));
            labels.add(hosts.label(entity));
            series.add(new Series(entity, ROUTING, List.of(full, withdrawal),
                    Shape.routing(500 + 2500 * random.nextDouble(), 0.002, 0.0)));
            series.add(new Series(entity, ACTIVE, List.of(full, withdrawal, hosts),
                    Shape.routing(300 + 1700 * random.nextDouble(), 0.015, 0.0)));
            series.add(new Series(entity, TELESCOPE, List.of(full, hosts),
                    Shape.count(5 + 15 * random.nextDouble(), Double.POSITIVE_INFINITY, 2 * Math.PI * random.nextDouble())));
        }
        return new SeriesScenario("mixed-entity", "4 networks x routing, probing and darknet count; outages seen by "
                + "all, by routing and probing, or by probing and count", events(series, SEED + 2), labels(series, labels));
    }

    /** Minutes an outage needs to carry {@link #DETECTABLE_NATS} at this information per window, at least {@code min}. */
    private static int fullMinutes(final double natsPerWindow, final int min) {
        return (int) Math.max(min, Math.ceil(DETECTABLE_NATS / natsPerWindow) * 5);
    }

    private static Cut drawn(final SplittableRandom random, final int day, final int minMinutes, final int maxMinutes,
                             final double depth) {
        final int low = Math.min(minMinutes, maxMinutes);
        final long from = start() + day * DAY + random.nextInt(14 * 60) * MINUTE;
        final long minutes = low + random.nextInt(maxMinutes - low + 1);
        return new Cut(from, from + minutes * MINUTE, depth);
    }

    private static long start() {
        return WorldSpec.DEFAULT_START.toEpochMilli();
    }

    private static Labels labels(final List<Series> series, final List<LabelWindow> windows) {
        final Set<String> entities = new LinkedHashSet<>();
        series.forEach(s -> entities.add(s.entity()));
        return new Labels(entities, windows);
    }

    /** Every point of every series, window by window (event-time order). */
    private static List<BacktestRecord> events(final List<Series> series, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed * 31 + 7);
        final List<BacktestRecord> out = new ArrayList<>();
        for (long w = start(); w < start() + DAYS * DAY; w += WINDOW) {
            for (final Series s : series) {
                final double remaining = 1.0 - s.lost(w, w + WINDOW);
                final double value = s.shape().value(w, remaining, random);
                out.add(new BacktestRecord.Point(SignalPoint.newBuilder().setEntity(s.entity()).setSignal(s.signal())
                        .setWindowStart(Instant.ofEpochMilli(w)).setWindowEnd(Instant.ofEpochMilli(w + WINDOW))
                        .setValue(value).setCoverage(1).build()));
            }
        }
        return out;
    }

    /** An outage of one network: from, to (epoch ms) and the share of the series it removes. */
    private record Cut(long from, long to, double depth) {
        LabelWindow label(final String entity) {
            return new LabelWindow(entity, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to));
        }
    }

    private record Series(String entity, String signal, List<Cut> cuts, Shape shape) {
        /** The share lost over [from, to): depth x covered fraction, summed over the cuts. */
        double lost(final long from, final long to) {
            double lost = 0;
            for (final Cut c : cuts) {
                final long overlap = Math.min(to, c.to()) - Math.max(from, c.from());
                if (overlap > 0) {
                    lost += c.depth() * overlap / (double) (to - from);
                }
            }
            return Math.min(1.0, lost);
        }
    }

    /** What a series looks like when nothing is wrong, and a window's value given the share still there. */
    private interface Shape {
        double value(long windowStart, double remaining, SplittableRandom random);

        /** A census of /24s: a slowly drifting size, multiplicative normal noise, whole /24s. */
        static Shape routing(final double size, final double noise, final double driftPerDay) {
            return (w, remaining, random) -> {
                final double level = size * (1 + driftPerDay * (w - start()) / (double) DAY);
                return Math.max(0, Math.round(level * remaining * (1 + noise * gaussian(random))));
            };
        }

        /** A count: diurnal mean (0.5 to 1.5 x mean), Poisson, or negative binomial of this size (infinite = Poisson). */
        static Shape count(final double mean, final double size, final double phase) {
            return (w, remaining, random) -> {
                final double m = mean * (1 + 0.5 * Math.sin(2 * Math.PI * (w - start()) / (double) DAY + phase)) * remaining;
                final double lambda = Double.isInfinite(size) ? m : gamma(random, size) * m / size;
                return poisson(random, lambda);
            };
        }
    }

    static double gaussian(final SplittableRandom random) {
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /** Gamma(shape, 1), Marsaglia and Tsang (boosted below shape 1). */
    static double gamma(final SplittableRandom random, final double shape) {
        if (shape < 1) {
            return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
        }
        final double d = shape - 1.0 / 3;
        final double c = 1 / Math.sqrt(9 * d);
        while (true) {
            final double x = gaussian(random);
            final double v0 = 1 + c * x;
            if (v0 <= 0) {
                continue;
            }
            final double v = v0 * v0 * v0;
            final double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    /** Poisson(lambda) by multiplication (lambda is small here), or a rounded normal above 200. */
    static long poisson(final SplittableRandom random, final double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 200) {
            return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(random)));
        }
        final double limit = Math.exp(-lambda);
        long k = 0;
        double product = random.nextDouble();
        while (product > limit) {
            k++;
            product *= random.nextDouble();
        }
        return k;
    }
}
