package org.outagewatch.ingest.synthetic;

/**
 * One network of the synthetic world and the parameters that shape its signals, all drawn from the seed:
 * mean traffic, noise, the chance that a probe succeeds when nothing is wrong, typical RTT and packet size.
 *
 * @param index position in the world (0-based), the stable input of every random draw for this network
 * @param asn the AS number (private-use range)
 * @param name an invented operator name
 * @param country where it is, which sets its local time
 * @param meanBytesPerSecond average traffic over a week
 * @param noiseSigma sigma of the multiplicative log-normal traffic noise
 * @param probeSuccessRate probability that a probe succeeds outside outages (0.98 to 0.995)
 * @param baseRttMillis typical round-trip time to its targets
 * @param meanPacketBytes average packet size, to turn bytes into packets
 */
public record SyntheticAsn(int index, long asn, String name, Country country, double meanBytesPerSecond,
                           double noiseSigma, double probeSuccessRate, double baseRttMillis, int meanPacketBytes) {

    /** First AS number of the 16-bit private-use range (RFC 6996). */
    public static final long FIRST_PRIVATE_ASN = 64512L;
    /** First AS number of the 32-bit private-use range (RFC 6996), used past the 16-bit range. */
    public static final long FIRST_PRIVATE_ASN_32 = 4_200_000_000L;
    private static final int PRIVATE_16_COUNT = 1023;

    private static final String[] KINDS = {"Telecom", "Broadband", "Networks", "Mobile", "Fiber", "Online", "Cable",
        "Connect", "Net", "Internet Services"};

    /** The entity id of an AS number: {@code AS<asn>}. */
    public static String entityId(final long asn) {
        return "AS" + asn;
    }

    public String entityId() {
        return entityId(asn);
    }

    /** The AS number of the network at an index: 64512.. first, then the 32-bit private-use range. */
    public static long asnAt(final int index) {
        return index < PRIVATE_16_COUNT ? FIRST_PRIVATE_ASN + index : FIRST_PRIVATE_ASN_32 + index;
    }

    /** The index of an AS number of this world, or -1 when it is not one. */
    public static int indexOf(final long asn, final int asnCount) {
        final long index = asn >= FIRST_PRIVATE_ASN_32 ? asn - FIRST_PRIVATE_ASN_32 : asn - FIRST_PRIVATE_ASN;
        if (index < 0 || index >= asnCount || asnAt((int) index) != asn) {
            return -1;
        }
        return (int) index;
    }

    /** Draws the network at an index of the world from the seed. */
    static SyntheticAsn draw(final long seed, final int index, final Country country) {
        final long asn = asnAt(index);
        final double volumeDraw = Draws.uniform(seed, index, 0, Draws.PARAMETERS, 0);
        // log-uniform between 20 Mbit/s and 20 Gbit/s
        final double bitsPerSecond = 2.0e7 * Math.pow(1000.0, volumeDraw);
        final double noise = 0.03 + 0.05 * Draws.uniform(seed, index, 0, Draws.PARAMETERS, 1);
        final double success = 0.98 + 0.015 * Draws.uniform(seed, index, 0, Draws.PARAMETERS, 2);
        final double rtt = 15.0 + 235.0 * Draws.uniform(seed, index, 0, Draws.PARAMETERS, 3);
        final int packet = 700 + (int) (600 * Draws.uniform(seed, index, 0, Draws.PARAMETERS, 4));
        final String place = country.places().get((int) (Draws.uniform(seed, index, 0, Draws.NAMES, 0) * country.places().size()));
        final String kind = KINDS[(int) (Draws.uniform(seed, index, 0, Draws.NAMES, 1) * KINDS.length)];
        final String name = place + " " + kind + " " + country.code() + "-" + (index + 1);
        return new SyntheticAsn(index, asn, name, country, bitsPerSecond / 8.0, noise, success, rtt, packet);
    }
}
