package org.outagewatch.ingest.synthetic;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.ProbeMethod;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.TrafficSample;

/**
 * Streams the events of a {@link WorldSpec} in event-time order, one probe interval at a time, without
 * holding the world in memory. Consumes a spec; produces {@link WorldEvent}s (probe results and traffic
 * samples keyed by {@code AS<asn>}) and the {@link AsnInfo} metadata of its networks.
 *
 * <p>Every probe target has a fixed offset inside the probe interval (as a real prober's schedule), so the
 * order of events inside one interval is the same for every interval: by time, traffic before probes, then
 * by ASN index and target. Every random number is a hash of (seed, ASN, time, target), so a slice generated
 * on its own equals the same slice inside a longer run. Events at the same instant keep that order.
 *
 * <p>Traffic: mean volume x {@link TrafficShape} (daily, weekly, local time) x log-normal noise x
 * (1 - depth x the share of the interval the outage covers). Probes: a PING from one of
 * {@link #VANTAGE_ASNS} to a target in the ASN; it fails (TIMEOUT) with probability depth during an outage
 * and 1 - success rate otherwise; a successful probe carries an RTT, inflated by (1 + depth) in an outage.
 */
public final class WorldGenerator {
    /** The outside-in vantage points (documentation-range ASNs, RFC 5398) and their countries. */
    public static final long[] VANTAGE_ASNS = {64496L, 64497L, 64498L};
    static final String[] VANTAGE_COUNTRIES = {"NL", "US", "SG"};
    /** The {@link AsnInfo#getSource()} of the synthetic metadata. */
    public static final String METADATA_SOURCE = "synthetic";

    private static final int TRAFFIC = -1;

    private final WorldSpec spec;
    private final List<SyntheticAsn> networks;
    private final long startMillis;
    private final long endMillis;
    private final long probeMillis;
    private final long trafficMillis;
    private final int trafficSeconds;

    // per network
    private final String[] keys;
    private final String[] countryCodes;
    private final String[][] targets;
    private final double[][] targetRtt;
    private final long[][] outageStarts;
    private final long[][] outageEnds;
    private final double[][] outageDepths;

    // the schedule of one probe interval, in emission order
    private final long[] slotOffset;
    private final int[] slotAsn;
    private final int[] slotProbe;

    public WorldGenerator(final WorldSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.networks = spec.networks();
        this.startMillis = spec.start().toEpochMilli();
        this.endMillis = spec.end().toEpochMilli();
        this.probeMillis = spec.probeInterval().toMillis();
        this.trafficMillis = spec.trafficInterval().toMillis();
        this.trafficSeconds = (int) Math.max(1, spec.trafficInterval().toSeconds());

        final int n = networks.size();
        final int k = spec.probesPerAsn();
        keys = new String[n];
        countryCodes = new String[n];
        targets = new String[n][k];
        targetRtt = new double[n][k];
        outageStarts = new long[n][];
        outageEnds = new long[n][];
        outageDepths = new double[n][];
        for (int i = 0; i < n; i++) {
            final SyntheticAsn network = networks.get(i);
            keys[i] = network.entityId();
            countryCodes[i] = network.country().code();
            for (int p = 0; p < k; p++) {
                final long address = (long) i * k + p + 1;
                targets[i][p] = "10." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "." + (address & 0xFF);
                targetRtt[i][p] = network.baseRttMillis() * (0.9 + 0.3 * Draws.uniform(spec.seed(), i, 0, Draws.PARAMETERS, 100 + p));
            }
            final List<Outage> outages = spec.outages().forAsn(network.asn());
            outageStarts[i] = outages.stream().mapToLong(o -> o.start().toEpochMilli()).toArray();
            outageEnds[i] = outages.stream().mapToLong(o -> o.end().toEpochMilli()).toArray();
            outageDepths[i] = outages.stream().mapToDouble(Outage::depth).toArray();
        }

        final List<long[]> slots = new ArrayList<>(n * (k + 1));
        for (int i = 0; i < n; i++) {
            slots.add(new long[] {0L, 0L, i, TRAFFIC});
            for (int p = 0; p < k; p++) {
                final long offset = (long) (Draws.uniform(spec.seed(), i, 0, Draws.PROBE_OFFSET, p) * probeMillis);
                slots.add(new long[] {offset, 1L, i, p});
            }
        }
        slots.sort(Comparator.<long[]>comparingLong(s -> s[0]).thenComparingLong(s -> s[1])
                .thenComparingLong(s -> s[2]).thenComparingLong(s -> s[3]));
        slotOffset = slots.stream().mapToLong(s -> s[0]).toArray();
        slotAsn = slots.stream().mapToInt(s -> (int) s[2]).toArray();
        slotProbe = slots.stream().mapToInt(s -> (int) s[3]).toArray();
    }

    public WorldSpec spec() {
        return spec;
    }

    public List<SyntheticAsn> networks() {
        return networks;
    }

    /** The metadata of every network, for the asn-metadata topic (keyed by {@link SyntheticAsn#entityId()}). */
    public List<AsnInfo> asnInfos() {
        return networks.stream().map(n -> new AsnInfo(n.asn(), n.name(), n.country().code(), null, METADATA_SOURCE))
                .toList();
    }

    /** Every event of the world, in event-time order; returns how many. */
    public long generateAll(final Consumer<? super WorldEvent> sink) {
        return generate(spec.start(), spec.end(), sink);
    }

    /**
     * Every event with an event time in [from, to) (clipped to the world), in event-time order.
     *
     * @return how many events were given to the sink
     */
    public long generate(final Instant from, final Instant to, final Consumer<? super WorldEvent> sink) {
        final long fromMillis = Math.max(from.toEpochMilli(), startMillis);
        final long toMillis = Math.min(to.toEpochMilli(), endMillis);
        long count = 0;
        for (long window = firstWindow(fromMillis); window < toMillis; window += probeMillis) {
            count += generateWindow(window, fromMillis, toMillis, sink);
        }
        return count;
    }

    /** The events of [from, to) as a lazy iterator, one probe interval buffered at a time. */
    public Iterator<WorldEvent> iterator(final Instant from, final Instant to) {
        return new WindowIterator(Math.max(from.toEpochMilli(), startMillis), Math.min(to.toEpochMilli(), endMillis));
    }

    /** The events of [from, to) as a lazy sequential stream. */
    public Stream<WorldEvent> stream(final Instant from, final Instant to) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(from, to),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    private long firstWindow(final long fromMillis) {
        return startMillis + Math.floorDiv(fromMillis - startMillis, probeMillis) * probeMillis;
    }

    private int generateWindow(final long window, final long fromMillis, final long toMillis,
                               final Consumer<? super WorldEvent> sink) {
        final boolean trafficDue = Math.floorMod(window - startMillis, trafficMillis) == 0;
        int count = 0;
        for (int s = 0; s < slotOffset.length; s++) {
            final int probe = slotProbe[s];
            if (probe == TRAFFIC && !trafficDue) {
                continue;
            }
            final long time = window + slotOffset[s];
            if (time < fromMillis || time >= toMillis) {
                continue;
            }
            final int asn = slotAsn[s];
            sink.accept(probe == TRAFFIC ? traffic(asn, time) : probe(asn, probe, time));
            count++;
        }
        return count;
    }

    private WorldEvent.Traffic traffic(final int index, final long time) {
        final SyntheticAsn network = networks.get(index);
        final double shape = TrafficShape.at(time + trafficMillis / 2, network.country().utcOffset(),
                network.country().weekend()) / TrafficShape.WEEKLY_MEAN;
        final double sigma = network.noiseSigma();
        final double noise = Math.exp(sigma * Draws.gaussian(Draws.hash(spec.seed(), index, time, Draws.TRAFFIC_NOISE, 0))
                - sigma * sigma / 2);
        final double remaining = 1.0 - lostShare(index, time, time + trafficMillis);
        final long bytes = Math.round(network.meanBytesPerSecond() * trafficSeconds * shape * noise * remaining);
        final long packets = bytes / network.meanPacketBytes();
        final TrafficSample sample = new TrafficSample(MeasurementSource.SYNTHETIC, network.asn(), countryCodes[index],
                Instant.ofEpochMilli(time), trafficSeconds, bytes, packets, packets / 40, null);
        return new WorldEvent.Traffic(keys[index], sample);
    }

    private WorldEvent.Probe probe(final int index, final int probe, final long time) {
        final SyntheticAsn network = networks.get(index);
        final double depth = depthAt(index, time);
        final double failure = depth + (1.0 - depth) * (1.0 - network.probeSuccessRate());
        final boolean ok = Draws.uniform(spec.seed(), index, time, Draws.PROBE_OUTCOME, probe) >= failure;
        Double rtt = null;
        if (ok) {
            final double jitter = Math.exp(0.12 * Draws.gaussian(Draws.hash(spec.seed(), index, time, Draws.PROBE_RTT, probe)));
            rtt = Math.round(targetRtt[index][probe] * jitter * (1.0 + depth) * 1000.0) / 1000.0;
        }
        final int vantage = (index + probe) % VANTAGE_ASNS.length;
        final ProbeResult result = new ProbeResult(MeasurementSource.SYNTHETIC, null, "synthetic-vp-" + (vantage + 1),
                VANTAGE_ASNS[vantage], VANTAGE_COUNTRIES[vantage], targets[index][probe], network.asn(),
                countryCodes[index], null, ProbeMethod.PING, ok ? ProbeOutcome.OK : ProbeOutcome.TIMEOUT, null, rtt,
                Instant.ofEpochMilli(time));
        return new WorldEvent.Probe(keys[index], result);
    }

    /** The depth of the outage of a network at an instant, 0 when there is none. */
    private double depthAt(final int index, final long time) {
        final long[] starts = outageStarts[index];
        for (int o = 0; o < starts.length; o++) {
            if (time >= starts[o] && time < outageEnds[index][o]) {
                return outageDepths[index][o];
            }
        }
        return 0.0;
    }

    /** The share of traffic lost over [from, to): depth x covered fraction, summed over outages. */
    private double lostShare(final int index, final long from, final long to) {
        final long[] starts = outageStarts[index];
        double lost = 0.0;
        for (int o = 0; o < starts.length; o++) {
            final long overlap = Math.min(to, outageEnds[index][o]) - Math.max(from, starts[o]);
            if (overlap > 0) {
                lost += outageDepths[index][o] * overlap / (double) (to - from);
            }
        }
        return Math.min(1.0, lost);
    }

    /** Buffers one probe interval at a time. */
    private final class WindowIterator implements Iterator<WorldEvent> {
        private final ArrayDeque<WorldEvent> buffer = new ArrayDeque<>();
        private final long fromMillis;
        private final long toMillis;
        private long nextWindow;

        WindowIterator(final long fromMillis, final long toMillis) {
            this.fromMillis = fromMillis;
            this.toMillis = toMillis;
            this.nextWindow = firstWindow(fromMillis);
        }

        @Override
        public boolean hasNext() {
            while (buffer.isEmpty() && nextWindow < toMillis) {
                generateWindow(nextWindow, fromMillis, toMillis, buffer::add);
                nextWindow += probeMillis;
            }
            return !buffer.isEmpty();
        }

        @Override
        public WorldEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return buffer.poll();
        }
    }

    @Override
    public String toString() {
        return "WorldGenerator[" + spec.asnCount() + " ASNs, " + spec.start() + " .. " + spec.end() + "]";
    }
}
