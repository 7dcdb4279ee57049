package org.outagewatch.detector.incident;

/**
 * How much of an area fails: {@code measured} ASNs, the failing share of their count ({@code countShare}) and of their
 * normal traffic volume ({@code weightShare}, equal to the count share when not every measured ASN has a volume,
 * {@code weighted} false).
 */
record Share(int measured, double countShare, double weightShare, boolean weighted) {
    /** True when the failing ASNs make at least {@code threshold} of the area by count and by weight both. */
    boolean atLeast(final double threshold) {
        return countShare >= threshold && weightShare >= threshold;
    }
}
