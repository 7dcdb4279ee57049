package org.outagewatch.detector.baseline;

/**
 * The lower tail of a binomial distribution, {@code P(X <= k)} for {@code X ~ Binomial(n, p)}: how surprising
 * it is that only {@code k} of {@code n} probes succeeded when each succeeds with probability {@code p}.
 * Summed in log space, so it stays exact for small probabilities and large {@code n}.
 */
public final class BinomialTail {
    private BinomialTail() {
    }

    /** {@code P(X <= k)}; 1 when {@code k >= n}. */
    public static double lower(final long k, final long n, final double p) {
        if (k >= n) {
            return 1.0;
        }
        if (k < 0) {
            return 0.0;
        }
        if (p <= 0) {
            return 1.0;
        }
        if (p >= 1) {
            return 0.0;
        }
        final double logP = Math.log(p);
        final double logQ = Math.log1p(-p);
        // term(i) = C(n, i) p^i q^(n-i); start at i = k and walk down, the terms shrink when k < n p
        double logTerm = logChoose(n, k) + k * logP + (n - k) * logQ;
        double sum = 0;
        for (long i = k; i >= 0; i--) {
            final double term = Math.exp(logTerm);
            sum += term;
            if (term < sum * 1e-12) {
                break;
            }
            // term(i-1) / term(i) = i / (n - i + 1) x q / p
            logTerm += Math.log(i) - Math.log(n - i + 1.0) + logQ - logP;
        }
        return Math.min(1.0, sum);
    }

    private static double logChoose(final long n, final long k) {
        double sum = 0;
        final long m = Math.min(k, n - k);
        for (long i = 1; i <= m; i++) {
            sum += Math.log(n - m + i) - Math.log(i);
        }
        return sum;
    }
}
