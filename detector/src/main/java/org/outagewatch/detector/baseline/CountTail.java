package org.outagewatch.detector.baseline;

/**
 * The lower tail {@code P(X <= k)} of a count with a given mean and variance: Poisson when the variance is (about)
 * the mean, a negative binomial of the same mean and variance when it is larger (an overdispersed count), a normal
 * approximation (with continuity correction) when the mean is large. How surprising it is to see only {@code k}
 * events where {@code mean} were expected. Summed in log space, so it stays exact for small probabilities.
 */
public final class CountTail {
    /** Above this mean the normal approximation is used (and the exact sum would be long). */
    static final double EXACT_UP_TO = 2_000.0;
    /** A variance within this factor of the mean is taken as Poisson. */
    private static final double POISSON_SLACK = 1.02;

    private CountTail() {
    }

    /**
     * {@code P(X <= k)} for a count of this mean and variance (a variance below the mean is taken as the mean), for
     * {@code k} below the mean, the only side a drop needs; at or above the mean it returns 1, an upper bound.
     */
    public static double lower(final long k, final double mean, final double variance) {
        if (k < 0) {
            return 0.0;
        }
        if (mean <= 0) {
            return 1.0;
        }
        final double v = Math.max(variance, mean);
        if (k >= mean) {
            return 1.0;
        }
        if (mean > EXACT_UP_TO) {
            return Gaussian.lower((k + 0.5 - mean) / Math.sqrt(v));
        }
        // term(i): Poisson e^-m m^i / i!, or NB with size r and success p = r / (r + m): C(i + r - 1, i) p^r (1 - p)^i
        final boolean poisson = v <= mean * POISSON_SLACK;
        final double r = poisson ? Double.POSITIVE_INFINITY : mean * mean / (v - mean);
        final double logTerm0 = poisson ? -mean : r * Math.log(r / (r + mean));
        final double logQ = poisson ? Math.log(mean) : Math.log(mean / (r + mean));
        // the terms grow up to k (k < mean): sum from k downwards, relative to the largest (the last) term
        double logTerm = logTerm0;
        for (long i = 0; i < k; i++) {
            logTerm += logQ + (poisson ? -Math.log(i + 1.0) : Math.log((i + r) / (i + 1.0)));
        }
        final double logLast = logTerm;
        double sum = 0;
        double relative = 1.0;
        for (long i = k; i >= 0; i--) {
            sum += relative;
            if (relative < sum * 1e-12) {
                break;
            }
            if (i > 0) {
                // term(i - 1) / term(i)
                relative *= poisson ? i / mean : i / ((i - 1 + r) * Math.exp(logQ));
            }
        }
        return Math.min(1.0, Math.exp(logLast + Math.log(sum)));
    }
}
