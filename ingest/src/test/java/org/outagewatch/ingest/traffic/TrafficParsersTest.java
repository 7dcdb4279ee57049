package org.outagewatch.ingest.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.outagewatch.ingest.asn.PrefixTable;
import org.outagewatch.ingest.series.TabularPipeline;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.RecordSink;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.TrafficSample;

/** Hand-made counter and goflow2 files (src/test/resources/traffic): there is no real traffic file in the shared data. */
class TrafficParsersTest {
    private static final Instant T0 = Instant.parse("2024-03-10T12:00:00Z");
    private static final PrefixTable TABLE = PrefixTable.builder()
            .addPrefix("192.0.2.0/24", 64500)
            .addPrefix("198.51.100.0/24", 64501)
            .addPrefix("203.0.113.0/24", 64502)
            .addPrefix("2001:db8::/32", 64503)
            .build();

    private final List<Keyed> records = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private final RecordSink sink = new RecordSink() {
        @Override
        public void accept(final Keyed record) {
            records.add(record);
        }

        @Override
        public void reject(final Origin origin, final String reason, final Throwable error, final byte[] payload) {
            rejected.add(origin.position() + " " + reason);
        }
    };

    private static Instant at(final int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static Path resource(final String name) {
        try {
            return Path.of(TrafficParsersTest.class.getResource("/traffic/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private TrafficSample sample(final int index) {
        return (TrafficSample) records.get(index).value();
    }

    @Test
    void shouldReadCsvCountersPerAsnAndPerPrefix() {
        new TabularPipeline(new TrafficCounterParser(TABLE, Duration.ofMinutes(5))::parse)
                .read(resource("counters.csv"), sink);
        assertThat(records).extracting(Keyed::key).containsExactly("AS64500", "AS64501", "AS64500", "AS64502");
        assertThat(records).extracting(Keyed::eventTime).containsExactly(at(0), at(0), at(5), at(5));
        assertThat(sample(0).getBytes()).isEqualTo(1_000_000);
        assertThat(sample(0).getPackets()).isEqualTo(900);
        assertThat(sample(0).getFlows()).isEqualTo(12);
        assertThat(sample(0).getRequests()).isNull();
        assertThat(sample(0).getIntervalSeconds()).isEqualTo(300);
        assertThat(sample(0).getSource()).isEqualTo(MeasurementSource.TRAFFIC_COUNTER);
        assertThat(sample(3).getRequests()).isEqualTo(20);
        assertThat(rejected).containsExactly(
                "6 Key '10.0.0.0/8' is not covered by the prefix table",
                "7 Field 'bytes' is negative: -5",
                "8 CSV row has 3 fields, the header 6",
                "9 Field 'timestamp' is not a time: 'not-a-time'");
    }

    @Test
    void shouldReadJsonLineCounters() {
        new TabularPipeline(new TrafficCounterParser(TABLE, Duration.ofMinutes(1))::parse)
                .read(resource("counters.jsonl"), sink);
        assertThat(records).extracting(Keyed::key).containsExactly("AS64501", "AS64503");
        assertThat(sample(0).getIntervalSeconds()).isEqualTo(60);
        assertThat(sample(0).getCountry()).isEqualTo("NL");
        assertThat(sample(1).getRequests()).isEqualTo(3);
        assertThat(records.get(1).eventTime()).isEqualTo(at(1));
        assertThat(rejected).containsExactly("3 Key 'cdn' is neither an ASN nor a prefix", "4 Field 'bytes' is missing");
    }

    @Test
    void shouldAggregateGoflow2FlowsPerAsnAndInterval() {
        final FlowAggregator flows = new FlowAggregator(TABLE, Duration.ofMinutes(5), FlowAggregator.Side.BOTH);
        new TabularPipeline(flows::add).read(resource("goflow2.jsonl"), sink);
        assertThat(records).isEmpty();
        assertThat(flows.flowsAdded()).isEqualTo(5);
        final List<Keyed> samples = flows.drain();
        assertThat(samples).extracting(Keyed::key)
                .containsExactly("AS64500", "AS64501", "AS64502", "AS64503", "AS64500", "AS64502");
        assertThat(samples).extracting(Keyed::eventTime).containsExactly(at(0), at(0), at(0), at(0), at(5), at(5));
        final TrafficSample first = (TrafficSample) samples.get(0).value();
        assertThat(first.getBytes()).isEqualTo(2000);
        assertThat(first.getPackets()).isEqualTo(3);
        assertThat(first.getFlows()).isEqualTo(2);
        assertThat(first.getSource()).isEqualTo(MeasurementSource.FLOW_COLLECTOR);
        assertThat(((TrafficSample) samples.get(3).value()).getBytes()).isEqualTo(6400);
        assertThat(((TrafficSample) samples.get(4).value()).getFlows()).isEqualTo(1);
        assertThat(((TrafficSample) samples.get(5).value()).getBytes()).isEqualTo(200);
        assertThat(rejected).containsExactly(
                "5 Flow with no known ASN on the counted side(s) (BOTH): src 10.1.1.1, dst 10.2.2.2",
                "7 Field 'bytes' is negative: -1",
                "8 Flow without a time (time_flow_start_ns, time_received_ns)");
        assertThat(flows.drain()).isEmpty();
    }

    @Test
    void shouldDrainOnlyIntervalsClosedByTheWatermark() {
        final FlowAggregator flows = new FlowAggregator(TABLE, Duration.ofMinutes(5), FlowAggregator.Side.BOTH);
        new TabularPipeline(flows::add).read(resource("goflow2.jsonl"), sink);
        assertThat(flows.latestStart()).isEqualTo(at(5).plusSeconds(3));
        assertThat(flows.drainBefore(at(5).minusSeconds(1))).isEmpty();
        assertThat(flows.drainBefore(at(5))).extracting(Keyed::eventTime).containsOnly(at(0)).hasSize(4);
        assertThat(flows.drain()).extracting(Keyed::eventTime).containsExactly(at(5), at(5));
    }

    @Test
    void shouldCountOnlyTheChosenSide() {
        final FlowAggregator flows = new FlowAggregator(TABLE, Duration.ofMinutes(5), FlowAggregator.Side.DST);
        new TabularPipeline(flows::add).read(resource("goflow2.jsonl"), sink);
        assertThat(flows.drain()).extracting(Keyed::key).containsExactly("AS64500", "AS64501", "AS64502", "AS64500");
    }
}
