package org.outagewatch.detector.incident;

/** How much of an area fails: {@code measured} ASNs, the failing {@code share} of them, weighted by volume or not. */
record Share(int measured, double share, boolean weighted) {
}
