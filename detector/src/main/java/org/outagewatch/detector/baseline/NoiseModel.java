package org.outagewatch.detector.baseline;

import java.nio.ByteBuffer;

/**
 * How much one series normally varies around its expectation, learned beside the expectation (part of
 * {@link BaselineModel}, plain Java).
 *
 * <ul>
 *   <li><b>Spread</b>: the mean absolute relative residual {@code |observed / expected - 1|} of the points the
 *       baseline learns (so values an outage makes are never learned, and the band does not widen during one),
 *       per hour of the day (24 nodes at hh:00, taught and read by linear interpolation like the profile: a running
 *       mean at first, then an EWMA of {@value #NODE_ALPHA} per unit of weight) and overall (an EWMA of
 *       {@value #GLOBAL_ALPHA} a point). An hour with little data leans on the overall spread (a prior of
 *       {@value #PRIOR_WEIGHT} points). The standard deviation is 1.2533 x the mean absolute deviation (normal
 *       noise).</li>
 *   <li><b>Counts</b>: a series whose values have all been whole numbers and whose dispersion (the mean of
 *       {@code (observed - expected)^2 / expected}, 1 for Poisson) lies in [{@value #MIN_COUNT_DISPERSION},
 *       {@value #MAX_COUNT_DISPERSION}] is a count: its variance is at least the expected value (Poisson), and a
 *       negative binomial of the learned variance when it is larger (overdispersed). A census that moves less than
 *       a Poisson count (a routing table) or a volume that moves far more (bytes) is not.</li>
 *   <li><b>Floors</b>: the relative spread is at least {@value #MIN_RELATIVE_SPREAD}; a whole-number series varies
 *       by at least half a unit.</li>
 * </ul>
 */
final class NoiseModel {
    static final double NODE_ALPHA = 0.05;
    static final double GLOBAL_ALPHA = 0.01;
    static final double PRIOR_WEIGHT = 6.0;
    static final int READY_POINTS = 12;
    static final double MIN_COUNT_DISPERSION = 0.5;
    static final double MAX_COUNT_DISPERSION = 20.0;
    static final double MIN_RELATIVE_SPREAD = 1e-4;
    /** Standard deviation / mean absolute deviation of normal noise, sqrt(pi / 2). */
    static final double SD_PER_MAD = 1.2533141373155;
    /** A point's squared residual counts at most this much in the dispersion (one outlier moves it little). */
    private static final double MAX_POINT_DISPERSION = 100.0;
    private static final float MAX_WEIGHT = 10_000f;
    private static final int NODES = BaselineModel.NODES;
    /** Whole numbers up to this are exact in a double. */
    private static final double MAX_WHOLE = 9.0e15;
    static final int ENCODED_SIZE = NODES * 4 * 2 + 4 * 3 + 1;

    private final float[] spreads = new float[NODES];
    private final float[] weights = new float[NODES];
    private float globalSpread;
    private float globalWeight;
    private float dispersion;
    private boolean fractional;

    /** Notes a value's kind (every point, learned or not): one fractional value and the series is no count. */
    void note(final double value) {
        if (!fractional && (Math.abs(value) > MAX_WHOLE || value != Math.rint(value))) {
            fractional = true;
        }
    }

    /** Whether the series has learned anything about its noise yet. */
    boolean known() {
        return globalWeight > 0;
    }

    /** Whether enough points have been learned ({@value #READY_POINTS}) to judge significance on this noise. */
    boolean ready() {
        return globalWeight >= READY_POINTS;
    }

    /** True when the series behaves as a count (Poisson or overdispersed), see the class comment. */
    boolean countLike() {
        return !fractional && known() && dispersion >= MIN_COUNT_DISPERSION && dispersion <= MAX_COUNT_DISPERSION;
    }

    /** The relative standard deviation (of observed / expected) learned at this hour position, before floors. */
    double relativeSpread(final double position) {
        final int low = (int) position;
        final int high = (low + 1) % NODES;
        final double f = position - low;
        final double w = (1.0 - f) * weights[low] + f * weights[high];
        final double node = w <= 0 ? 0.0 : ((1.0 - f) * weights[low] * spreads[low] + f * weights[high] * spreads[high]) / w;
        final double mad = Math.sqrt((w * node * node + PRIOR_WEIGHT * globalSpread * globalSpread) / (w + PRIOR_WEIGHT));
        return Math.max(MIN_RELATIVE_SPREAD, SD_PER_MAD * mad);
    }

    /** The variance of one window's value at this position and expected value, with the floors and the count rule. */
    double variance(final double position, final double expected) {
        double sd = relativeSpread(position) * Math.abs(expected);
        if (!fractional) {
            sd = Math.max(sd, 0.5);
        }
        final double v = sd * sd;
        return countLike() ? Math.max(v, expected) : v;
    }

    /** Learns a normal point's residual. */
    void learn(final double position, final double value, final double expected) {
        if (!(expected > 0)) {
            return;
        }
        final double residual = Math.abs(value / expected - 1.0);
        final int low = (int) position;
        final double f = position - low;
        teach(low, 1.0 - f, residual);
        teach((low + 1) % NODES, f, residual);
        globalWeight = Math.min(globalWeight + 1f, MAX_WEIGHT);
        final double rate = Math.max(GLOBAL_ALPHA, 1.0 / globalWeight);
        globalSpread += (float) (rate * (residual - globalSpread));
        final double d = value - expected;
        dispersion += (float) (rate * (Math.min(d * d / expected, MAX_POINT_DISPERSION) - dispersion));
    }

    private void teach(final int node, final double weight, final double residual) {
        if (weight <= 0) {
            return;
        }
        final float total = Math.min(weights[node] + (float) weight, MAX_WEIGHT);
        weights[node] = total;
        final double rate = Math.max(NODE_ALPHA * weight, weight / total);
        spreads[node] += (float) (rate * (residual - spreads[node]));
    }

    /**
     * A level shift was accepted: what the series does now may vary differently, so the spreads are doubled and
     * their weights cut, to be learned again quickly.
     */
    void loosen() {
        for (int i = 0; i < NODES; i++) {
            spreads[i] *= 2f;
            weights[i] = Math.min(weights[i], 2f);
        }
        globalSpread *= 2f;
        globalWeight = Math.min(globalWeight, 10f);
    }

    void write(final ByteBuffer out) {
        // bulk copies (big-endian, as the buffer), then past them
        out.asFloatBuffer().put(spreads).put(weights);
        out.position(out.position() + 2 * NODES * 4);
        out.putFloat(globalSpread);
        out.putFloat(globalWeight);
        out.putFloat(dispersion);
        out.put((byte) (fractional ? 1 : 0));
    }

    void read(final ByteBuffer in) {
        in.asFloatBuffer().get(spreads).get(weights);
        in.position(in.position() + 2 * NODES * 4);
        globalSpread = in.getFloat();
        globalWeight = in.getFloat();
        dispersion = in.getFloat();
        fractional = in.get() != 0;
    }
}
