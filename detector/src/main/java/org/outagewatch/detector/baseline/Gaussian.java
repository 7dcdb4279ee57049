package org.outagewatch.detector.baseline;

/** The standard normal lower tail {@code P(Z <= z)}, with a relative error below 1.2e-7 everywhere (Numerical Recipes' erfc). */
final class Gaussian {
    private Gaussian() {
    }

    static double lower(final double z) {
        return 0.5 * erfc(-z / Math.sqrt(2.0));
    }

    private static double erfc(final double x) {
        final double z = Math.abs(x);
        final double t = 1.0 / (1.0 + 0.5 * z);
        final double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }
}
