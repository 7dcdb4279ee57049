package org.outagewatch.ingest.atlas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.outagewatch.ingest.asn.PrefixTable;
import org.outagewatch.ingest.asn.PrefixTableLoader;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.JsonPipeline;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.Parsed;
import org.outagewatch.ingest.source.RecordSink;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.ConnectionEventType;
import org.outagewatch.schemas.ProbeMethod;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.testing.SharedData;

class AtlasParserTest {
    private static final String EVENTS = "ripe-atlas/probe-connection-events-msm7000/";
    private static final long CATCH_ALL_V6 = 64511;
    private static PrefixTable table;

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

    /** The pyasn IPv4 table of 2014 and, since it has no IPv6, one catch-all IPv6 route to a documentation ASN. */
    @BeforeAll
    static void loadTable(@TempDir final Path dir) throws IOException {
        final Path v6 = Files.writeString(dir.resolve("v6.dat"), "::/0\t" + CATCH_ALL_V6 + "\n");
        table = PrefixTableLoader.load(SharedData.file("asn-mapping/pyasn_ipasn_20140513.dat.gz"), v6).table();
    }

    private void read(final String file, final AtlasParser parser) {
        new JsonPipeline(new JsonFileReader(), parser::parse).read(SharedData.file(file), sink);
    }

    private Map<ProbeOutcome, Long> outcomes() {
        return records.stream().map(k -> ((ProbeResult) k.value()).getOutcome())
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "disco_msm7000_2011-01-15.json.gz, 1835, 666",
            "disco_comcast_msm7000_2015-02-10.json, 20205, 41",
            "disco_general_msm7000_2016-04-29.json.gz, 10497, 25",
            "disco_general_msm7000_2016-06-16.json.gz, 10609, 59",
            "disco_msm7000_2016-07-26.json.gz, 10561, 21",
            "disco_kenya_msm7000_2016-06.jsonl, 249, 0"})
    void shouldReadEveryConnectionEventRejectingThoseWithoutAnAsn(final String file, final int events, final int noAsn) {
        read(EVENTS + file, new AtlasParser(ProbeDirectory.empty(), null));
        assertThat(records).hasSize(events - noAsn);
        assertThat(rejected).hasSize(noAsn).allSatisfy(r -> assertThat(r).contains("has no ASN"));
        assertThat(records).allSatisfy(k -> assertThat(k.key()).isEqualTo("AS" + ((ConnectionEvent) k.value()).getAsn()));
    }

    @Test
    void shouldTakeAStringAsnAndFallBackToProbeMetadata() throws IOException {
        final ObjectMapper mapper = new ObjectMapper();
        final AtlasParser parser = new AtlasParser(ProbeDirectory.of(new ProbeInfo(113, 3320, 0, "DE")), null);
        final JsonNode kenya = mapper.readTree("{\"msm_id\":7000,\"timestamp\":1464739737,\"controller\":\"ctr-ams15\","
                + "\"asn\":\"15399\",\"prefix\":\"196.207.178.0/23\",\"prb_id\":23459,\"type\":\"connection\",\"event\":\"connect\"}");
        final Keyed event = ((Parsed.Records) parser.parse(kenya)).records().get(0);
        assertThat(event.key()).isEqualTo("AS15399");
        assertThat(((ConnectionEvent) event.value()).getEvent()).isEqualTo(ConnectionEventType.CONNECT);
        assertThat(event.eventTime()).isEqualTo(Instant.ofEpochSecond(1464739737));
        final JsonNode empty = mapper.readTree("{\"msm_id\": 7000, \"timestamp\": 1295049643, \"prefix\": \"2002::/16\", "
                + "\"event\": \"disconnect\", \"controller\": \"\", \"prb_id\": 113, \"type\": \"connection\", \"asn\": \"\"}");
        final ConnectionEvent fromMetadata = (ConnectionEvent) ((Parsed.Records) parser.parse(empty)).records().get(0).value();
        assertThat(fromMetadata.getAsn()).isEqualTo(3320);
        assertThat(fromMetadata.getCountry()).isEqualTo("DE");
        assertThat(fromMetadata.getController()).isNull();
    }

    @Test
    void shouldReadTheWeekOfAnchorPings() {
        read("ripe-atlas/timeseries/atlas_ping_msm1042404_prb6098_2020-01-31_to_02-07.ndjson",
                new AtlasParser(ProbeDirectory.of(new ProbeInfo(6098, 64496, 0, "CH")), null));
        assertThat(rejected).isEmpty();
        assertThat(records).hasSize(2520).allSatisfy(k -> {
            assertThat(k.key()).isEqualTo("AS64496");
            assertThat(((ProbeResult) k.value()).getMethod()).isEqualTo(ProbeMethod.PING);
            assertThat(((ProbeResult) k.value()).getVantageCountry()).isEqualTo("CH");
        });
        assertThat(outcomes()).containsExactly(Map.entry(ProbeOutcome.OK, 2520L));
    }

    /** Lines, records (a dns resultset gives one per resolver, an http result one per request) and outcomes. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sagan-fixtures/sagan_ping_results.jsonl|15|0|{OK=14, TIMEOUT=1}",
            "sagan-fixtures/sagan_traceroute_results.jsonl|19|0|{OK=3, TIMEOUT=13, UNREACHABLE=3}",
            "sagan-fixtures/sagan_dns_results.jsonl|53|0|{OK=51, TIMEOUT=2}",
            "sagan-fixtures/sagan_http_results.jsonl|16|1|{OK=14, TIMEOUT=1, UNREACHABLE=1}",
            "sagan-fixtures/sagan_ssl_results.jsonl|15|1|{OK=14, DNS_FAILURE=1}",
            "sagan-fixtures/sagan_ntp_results.jsonl|3|0|{OK=1, TIMEOUT=1, ERROR=1}",
            "ripe-atlas-tools-fixtures/ripe_atlas_tools_test_results.jsonl|57|0|{OK=46, TIMEOUT=9, DNS_FAILURE=2}"})
    void shouldReadEveryFirmwareGeneration(final String file, final int results, final int noAsn, final String outcomes) {
        read("ripe-atlas/" + file, new AtlasParser(ProbeDirectory.empty(), table));
        assertThat(records).hasSize(results);
        assertThat(outcomes()).hasToString(outcomes);
        assertThat(rejected).hasSize(noAsn).allSatisfy(r -> assertThat(r).contains("No ASN for target"));
    }

    @Test
    void shouldKeyByTheTargetNetworkWhenKnownElseByTheProbes() throws IOException {
        final ObjectMapper mapper = new ObjectMapper();
        final AtlasParser parser = new AtlasParser(ProbeDirectory.of(new ProbeInfo(1, 64500, 0, "NL")), table);
        final JsonNode toGoogle = mapper.readTree("{\"type\":\"ping\",\"prb_id\":1,\"timestamp\":1445025400,"
                + "\"dst_addr\":\"8.8.8.8\",\"rcvd\":3,\"avg\":12.5}");
        final ProbeResult ping = (ProbeResult) ((Parsed.Records) parser.parse(toGoogle)).records().get(0).value();
        assertThat(((Parsed.Records) parser.parse(toGoogle)).records().get(0).key()).isEqualTo("AS15169");
        assertThat(ping.getVantageAsn()).isEqualTo(64500);
        assertThat(ping.getRttMillis()).isEqualTo(12.5);
        final JsonNode toPrivate = mapper.readTree("{\"type\":\"ping\",\"prb_id\":1,\"timestamp\":1445025400,"
                + "\"dst_addr\":\"10.0.0.1\",\"rcvd\":0,\"sent\":3}");
        final Keyed timeout = ((Parsed.Records) parser.parse(toPrivate)).records().get(0);
        assertThat(timeout.key()).isEqualTo("AS64500");
        assertThat(((ProbeResult) timeout.value()).getOutcome()).isEqualTo(ProbeOutcome.TIMEOUT);
    }

    @Test
    void shouldRejectBadResultsWithAClearReason(@TempDir final Path dir) throws IOException {
        final Path file = Files.writeString(dir.resolve("bad.jsonl"), String.join("\n",
                "{\"type\":\"ping\",\"prb_id\":1,\"timestamp\":1445025400,\"dst_addr\":\"8.8.8.8\",\"rcvd\":3,\"avg\":9e9}",
                "{\"type\":\"ping\",\"prb_id\":\"one\",\"timestamp\":1445025400,\"dst_addr\":\"8.8.8.8\",\"rcvd\":1}",
                "{\"type\":\"ping\",\"prb_id\":1,\"timestamp\":99,\"dst_addr\":\"8.8.8.8\",\"rcvd\":1}",
                "{\"type\":\"wifi\",\"prb_id\":1,\"timestamp\":1445025400}",
                "{\"type\":\"ping\",\"prb_id\":1,\"timestamp\":1445025400,\"dst_addr\":\"8.8.8.8\"}",
                "{\"msm_id\":7000,\"prb_id\":1,\"timestamp\":1445025400,\"asn\":3320,\"event\":\"reboot\"}",
                "[1, 2]",
                "{\"type\":\"ping\""));
        new JsonPipeline(new JsonFileReader(), new AtlasParser(ProbeDirectory.empty(), table)::parse).read(file, sink);
        assertThat(records).isEmpty();
        assertThat(rejected).containsExactly(
                "1 Absurd rtt 9.0E9 ms (outside 0..300000)",
                "2 Field 'prb_id' is not a whole number: 'one'",
                "3 Field 'timestamp' is an absurd time: 1970-01-01T00:01:39Z",
                "4 Unsupported RIPE Atlas result type 'wifi'",
                "5 A ping result without 'rcvd' or 'result'",
                "6 Connection event of probe 1 is neither 'connect' nor 'disconnect': 'reboot'",
                "7 Not a RIPE Atlas result object but ARRAY",
                "8 Invalid JSON: Unexpected end-of-input: expected close marker for Object (start marker at [Source: REDACTED "
                        + "(`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 1])");
    }

    @Test
    void shouldLoadProbeMetadataFromTheProbeArchiveFormat(@TempDir final Path dir) throws IOException {
        final Path file = Files.writeString(dir.resolve("probes.json"), "{\"meta\": {\"total_count\": 3}, \"objects\": ["
                + "{\"id\": 1, \"asn_v4\": 3333, \"asn_v6\": null, \"country_code\": \"NL\", \"status\": 1},"
                + "{\"id\": 2, \"asn_v4\": null, \"asn_v6\": 6939, \"country_code\": \"us\"},"
                + "{\"asn_v4\": 1}]}");
        final ProbeDirectory probes = ProbeDirectory.load(file);
        assertThat(probes.size()).isEqualTo(2);
        assertThat(probes.skipped()).isEqualTo(1);
        assertThat(probes.get(1)).isEqualTo(new ProbeInfo(1, 3333, 0, "NL"));
        assertThat(probes.get(2).asn(4)).isEqualTo(6939);
        assertThat(probes.get(2).country()).isEqualTo("US");
    }
}
