package org.outagewatch.ingest.synthetic;

/**
 * Stateless random draws: every number is a hash of (seed, network, time, stream, index), so any slice of
 * the world can be generated on its own and gives the same numbers as inside a longer run. The mixing is
 * the SplitMix64 finalizer (Steele, Lea and Flood), applied once per input word.
 */
final class Draws {
    static final int PARAMETERS = 1;
    static final int TRAFFIC_NOISE = 2;
    static final int PROBE_OUTCOME = 3;
    static final int PROBE_RTT = 4;
    static final int PROBE_OFFSET = 5;
    static final int NAMES = 6;

    private static final double UNIT = 0x1.0p-53;

    private Draws() {
    }

    static long mix(final long value) {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long hash(final long seed, final long network, final long time, final int stream, final int index) {
        long h = mix(seed);
        h = mix(h ^ network);
        h = mix(h ^ time);
        return mix(h ^ (((long) stream << 32) | (index & 0xFFFFFFFFL)));
    }

    /** A uniform double in [0, 1). */
    static double uniform(final long hash) {
        return (hash >>> 11) * UNIT;
    }

    /** A uniform double in [0, 1) from the same inputs as {@link #hash}. */
    static double uniform(final long seed, final long network, final long time, final int stream, final int index) {
        return uniform(hash(seed, network, time, stream, index));
    }

    /** A standard normal draw (Box-Muller) from one hash. */
    static double gaussian(final long hash) {
        final double u1 = 1.0 - uniform(hash);
        final double u2 = uniform(mix(hash));
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
