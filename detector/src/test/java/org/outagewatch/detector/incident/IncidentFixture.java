package org.outagewatch.detector.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.testing.DetectorDriver;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.IncidentStatus;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.ProbeMethod;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.TrafficSample;

/**
 * The whole detector in a {@link TopologyTestDriver} with its default settings (a day of warm-up), fed with raw
 * events from {@link #T0}: traffic samples (one per ASN and 5-minute window) and service tests; reads the incidents.
 */
final class IncidentFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2020-05-16T00:00:00Z");
    static final int DAY = 24 * 60;
    static final long BYTES = 1_000_000L;

    private final DetectorDriver harness;
    private final TestInputTopic<String, AsnInfo> asns;
    private final TestInputTopic<String, ProbeResult> probes;
    private final TestInputTopic<String, TrafficSample> traffic;
    private final TestOutputTopic<String, Incident> incidents;
    private final List<Incident> seen = new ArrayList<>();

    IncidentFixture() {
        harness = DetectorDriver.start("incidents", Map.of(), settings -> DetectorSettings.defaults(), T0);
        asns = harness.input(harness.topics.asnMetadata());
        probes = harness.input(harness.topics.probeResults());
        traffic = harness.input(harness.topics.trafficSamples());
        incidents = harness.output(harness.topics.incidents());
    }

    static Instant at(final double minutes) {
        return T0.plusMillis(Math.round(minutes * 60_000));
    }

    void asn(final long asn, final String country, final String region) {
        asns.pipeInput("AS" + asn, AsnInfo.newBuilder().setAsn(asn).setName("AS" + asn).setCountry(country)
                .setRegion(region).setSource("test").build(), T0);
    }

    void traffic(final long asn, final Instant when) {
        traffic.pipeInput("AS" + asn, TrafficSample.newBuilder().setSource(MeasurementSource.SYNTHETIC).setAsn(asn)
                .setIntervalStart(when).setIntervalSeconds(300).setBytes(BYTES).setPackets(BYTES / 1000).build(), when);
    }

    /** One service test from a vantage in {@code asn}; a null control means no control was measured. */
    void test(final long asn, final String service, final ProbeOutcome outcome, final ProbeOutcome control,
              final Instant when) {
        probes.pipeInput("AS" + asn, ProbeResult.newBuilder().setSource(MeasurementSource.OONI).setProbeId("p" + asn)
                .setVantageAsn(asn).setTarget("https://" + service + "/").setService(service)
                .setMethod(ProbeMethod.WEB_CONNECTIVITY).setOutcome(outcome).setControlOutcome(control)
                .setMeasuredAt(when).build(), when);
    }

    /** Every incident record emitted so far, in order. */
    List<Incident> records() {
        seen.addAll(incidents.readValuesToList());
        return List.copyOf(seen);
    }

    /** The last record of every incident that was not merged into another, by id. */
    Map<String, Incident> finals() {
        final Map<String, Incident> last = new LinkedHashMap<>();
        for (final Incident incident : records()) {
            last.put(incident.getIncidentId(), incident);
        }
        last.values().removeIf(i -> i.getStatus() == IncidentStatus.RESOLVED
                && i.getEvidence().containsKey(IncidentEngine.MERGED_INTO));
        return last;
    }

    @Override
    public void close() {
        harness.close();
    }
}
