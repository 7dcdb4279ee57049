package org.outagewatch.ingest.ooni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.JsonPipeline;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.RecordSink;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.ProbeMethod;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.testing.SharedData;

class OoniParserTest {
    private static final String DIR = "ooni/backend-fastpath-fixtures/";
    private static OoniFingerprints fingerprints;

    private final List<Keyed> records = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private final RecordSink sink = new RecordSink() {
        @Override
        public void accept(final Keyed record) {
            records.add(record);
        }

        @Override
        public void reject(final Origin origin, final String reason, final Throwable error, final byte[] payload) {
            rejected.add(Path.of(origin.source()).getFileName() + ":" + origin.position() + " " + reason);
        }
    };

    @BeforeAll
    static void loadFingerprints() {
        fingerprints = OoniFingerprints.load(SharedData.file(DIR + "fingerprints_dns.json"),
                SharedData.file(DIR + "fingerprints_http.json"));
    }

    private void read(final Path file) {
        new JsonPipeline(new JsonFileReader(), new OoniParser(fingerprints)::parse).read(file, sink);
    }

    private ProbeResult only(final String file) {
        read(SharedData.file(DIR + file));
        assertThat(rejected).isEmpty();
        assertThat(records).hasSize(1);
        return (ProbeResult) records.get(0).value();
    }

    @Test
    void shouldLoadOonisFingerprints() {
        assertThat(fingerprints.dnsCount()).isEqualTo(145);
        assertThat(fingerprints.httpCount()).isEqualTo(1698);
        assertThat(fingerprints.skipped()).isEqualTo(1);
    }

    @Test
    void shouldParseEveryRealOoniFileWithCountsAndReasons() throws IOException {
        final List<Path> all;
        try (Stream<Path> files = Files.list(SharedData.file(DIR))) {
            all = files.sorted().toList();
        }
        all.forEach(this::read);
        assertThat(all).hasSize(49);
        assertThat(records).hasSize(27);
        assertThat(records).allSatisfy(record -> assertThat(((ProbeResult) record.value()).getSource())
                .isEqualTo(MeasurementSource.OONI));
        final Map<String, Long> reasons = rejected.stream()
                .map(line -> line.substring(line.indexOf(' ') + 1))
                .map(reason -> reason.startsWith("OONI test '") ? "unmapped test" : reason)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of(
                "OONI fastpath metadata row (anomaly, confirmed, scores), not a raw measurement", 911L,
                "Not an OONI measurement: no 'test_name'", 150L + 1699L,
                "A YAML document, not JSON (legacy OONI YAML reports are not read; convert them to JSON)", 3L,
                "unmapped test", 14L,
                "OONI meek_fronted_requests_test measurement without 'probe_asn'", 1L,
                "OONI web_connectivity measurement with test_keys null: the test did not run", 1L));
        final Map<String, Long> perService = records.stream().collect(Collectors.groupingBy(
                record -> ((ProbeResult) record.value()).getService(), Collectors.counting()));
        assertThat(perService).containsEntry("tor", 7L).containsEntry("signal", 3L).containsEntry("telegram", 1L)
                .containsEntry("whatsapp", 1L);
    }

    @Test
    void shouldMapDnsBlockingConfirmedByOonisDnsFingerprint() {
        final ProbeResult result = only("web_connectivity_ir_fp.json");
        assertThat(records.get(0).key()).isEqualTo("AS197207/www.facebook.com");
        assertThat(records.get(0).eventTime()).isEqualTo(result.getMeasuredAt());
        assertThat(result.getVantageAsn()).isEqualTo(197207);
        assertThat(result.getVantageCountry()).isEqualTo("IR");
        assertThat(result.getMethod()).isEqualTo(ProbeMethod.WEB_CONNECTIVITY);
        assertThat(result.getTarget()).isEqualTo("https://www.facebook.com/");
        assertThat(result.getOutcome()).isEqualTo(ProbeOutcome.DNS_FAILURE);
        assertThat(result.getControlOutcome()).isEqualTo(ProbeOutcome.TCP_FAILURE);
        assertThat(result.getProbeId()).isEqualTo("20220815T190043Z_webconnectivity_IR_197207_n1_cCbffjGasS4tFgb2");
    }

    @Test
    void shouldMarkARedirectToAKnownBlockpageAsBlockpageEvenWhenOoniSaidNotBlocked() {
        final ProbeResult result = only("20250527233111.802678_ID_webconnectivity_5a37ec909dbf14e3.json");
        assertThat(result.getService()).isEqualTo("archive.org");
        assertThat(result.getOutcome()).isEqualTo(ProbeOutcome.BLOCKPAGE);
    }

    @Test
    void shouldDecodeBase64HeadersBeforeMatchingFingerprints() {
        assertThat(only("web_connectivity_b64_hdr.json").getOutcome()).isEqualTo(ProbeOutcome.BLOCKPAGE);
    }

    @Test
    void shouldTrustOonisVerdictWithoutFingerprints() {
        fingerprints = OoniFingerprints.none();
        try {
            assertThat(only("web_connectivity_b64_hdr.json").getOutcome()).isEqualTo(ProbeOutcome.HTTP_FAILURE);
        } finally {
            loadFingerprints();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "bug_351.json, AS5390/fa.wikipedia.org, HTTP_FAILURE, OK",
        "bug_352.json, AS197207/fa.wikipedia.org, DNS_FAILURE, OK",
        "report1.json, AS20115/www.collegehumor.com, OK, OK",
        "web_connectivity_null.json, AS20661/ajax.aspnetcdn.com, ERROR, TCP_FAILURE",
        // China Telecom answered 61.183.1.186 for a name the control found nonexistent: manipulation, control OK
        "web_connectivity_odd_hdr.json, AS4134/www.efindlove.com, DNS_FAILURE, OK",
        "signal_2627.json, AS44395/signal, TLS_FAILURE, ",
        "signal_679.json, AS7922/signal, DNS_FAILURE, ",
        "whatsapp.json, AS6830/whatsapp, HTTP_FAILURE, ",
        "telegram_nourl.json, AS30722/telegram, OK, ",
        "vanilla_tor.json, AS17623/tor, TIMEOUT, ",
        "tor_list.json, AS30722/tor, OK, ",
    })
    void shouldMapRealMeasurements(final String file, final String key, final ProbeOutcome outcome,
                                   final ProbeOutcome control) {
        final ProbeResult result = only(file);
        assertThat(records.get(0).key()).isEqualTo(key);
        assertThat(result.getOutcome()).isEqualTo(outcome);
        assertThat(result.getControlOutcome()).isEqualTo(control);
    }

    @Test
    void shouldDeadLetterEdgeCasesWithClearReasons(@TempDir final Path dir) throws IOException {
        final String head = "\"test_name\":\"web_connectivity\",\"measurement_start_time\":\"2024-03-10 12:00:00\"";
        final Path file = Files.writeString(dir.resolve("edge.jsonl"), String.join("\n",
                "{" + head + ",\"probe_asn\":\"AS0\",\"input\":\"http://a.example/\",\"test_keys\":{\"blocking\":false}}",
                "{" + head + ",\"probe_asn\":\"AS3333\",\"test_keys\":{\"blocking\":false}}",
                "{" + head + ",\"probe_asn\":\"AS3333\",\"input\":\"not a url\",\"test_keys\":{\"blocking\":false}}",
                "{\"test_name\":\"web_connectivity\",\"measurement_start_time\":\"yesterday\",\"probe_asn\":\"AS3333\"}",
                "{\"test_name\":\"signal\",\"measurement_start_time\":\"2024-03-10 12:00:00\",\"probe_asn\":\"AS3333\","
                        + "\"test_keys\":{\"signal_backend_status\":\"maybe\"}}",
                "{" + head + ",\"probe_asn\":\"AS3333\",\"probe_cc\":\"ZZ\",\"input\":\"http://a.example/x\","
                        + "\"test_keys\":{\"blocking\":\"tcp_ip\",\"accessible\":false}}",
                "{broken",
                ""));
        read(file);
        assertThat(rejected).containsExactly(
                "edge.jsonl:1 OONI web_connectivity measurement from an unknown network: probe_asn AS0",
                "edge.jsonl:2 web_connectivity without an 'input' URL",
                "edge.jsonl:3 Input is not a URL: 'not a url'",
                "edge.jsonl:4 Field 'measurement_start_time' is not a time: 'yesterday'",
                "edge.jsonl:5 Field 'signal_backend_status' is neither ok nor blocked: maybe",
                rejected.get(5));
        assertThat(rejected.get(5)).startsWith("edge.jsonl:7 Invalid JSON");
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("AS3333/a.example");
            assertThat(((ProbeResult) record.value()).getOutcome()).isEqualTo(ProbeOutcome.TCP_FAILURE);
            assertThat(((ProbeResult) record.value()).getVantageCountry()).isNull();
        });
    }

    /** A real measurement with some fields changed, written where the pipeline reads it. */
    private Path edited(final Path dir, final String file, final Consumer<ObjectNode> edit)
            throws IOException {
        final ObjectMapper mapper = new ObjectMapper();
        final ObjectNode node = (ObjectNode) mapper.readTree(SharedData.file(DIR + file).toFile());
        edit.accept(node);
        return Files.writeString(dir.resolve("edited-" + file), mapper.writeValueAsString(node));
    }

    @Test
    void shouldParseAnInternationalizedDomainNameAsItsAsciiFormAndKeepTheUrlAsWritten(@TempDir final Path dir)
            throws IOException {
        read(edited(dir, "report1.json", node -> node.put("input", "http://яндекс.рф/")));
        assertThat(rejected).isEmpty();
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("AS20115/xn--d1acpjx3f.xn--p1ai");
            assertThat(((ProbeResult) record.value()).getService()).isEqualTo("xn--d1acpjx3f.xn--p1ai");
            assertThat(((ProbeResult) record.value()).getTarget()).isEqualTo("http://яндекс.рф/");
            assertThat(((ProbeResult) record.value()).getOutcome()).isEqualTo(ProbeOutcome.OK);
        });
    }

    @ParameterizedTest
    @CsvSource({
        "HTTPS://Пример.Испытание:8443/path, xn--e1afmkfd.xn--80akhbyknj4f",
        "http://user@bücher.example/, xn--bcher-kva.example",
        "http://www.example.com/, www.example.com",
    })
    void shouldConvertHostsToLowerCaseAscii(final String url, final String host) {
        assertThat(OoniParser.host(url)).isEqualTo(host);
    }

    @Test
    void shouldCallAnAddressForANameTheControlFoundNonexistentDnsManipulation(@TempDir final Path dir)
            throws IOException {
        // report2.json: a real 0.3.2 measurement the probe and control both reached; here the control's resolver
        // says NXDOMAIN while the probe's resolver still answered its real address, and OONI gave no verdict
        read(edited(dir, "report2.json", node -> {
            final ObjectNode keys = (ObjectNode) node.get("test_keys");
            final ObjectNode controlDns = (ObjectNode) keys.get("control").get("dns");
            controlDns.put("failure", "dns_nxdomain_error");
            controlDns.putArray("addrs");
            keys.putNull("blocking");
            keys.putNull("accessible");
        }));
        assertThat(rejected).isEmpty();
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(((ProbeResult) record.value()).getOutcome()).isEqualTo(ProbeOutcome.DNS_FAILURE);
            assertThat(((ProbeResult) record.value()).getControlOutcome()).isEqualTo(ProbeOutcome.OK);
        });
    }

    @Test
    void shouldKeepANameNobodyResolvesAsTheSitesOwnDnsFailure(@TempDir final Path dir) throws IOException {
        // requests_none.json: the probe's resolver says NXDOMAIN; a control that says so too means the site is gone
        read(edited(dir, "requests_none.json", node -> {
            final ObjectNode controlDns = (ObjectNode) node.get("test_keys").get("control").get("dns");
            controlDns.put("failure", "dns_name_error");
            controlDns.putArray("addrs");
        }));
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(((ProbeResult) record.value()).getOutcome()).isEqualTo(ProbeOutcome.DNS_FAILURE);
            assertThat(((ProbeResult) record.value()).getControlOutcome()).isEqualTo(ProbeOutcome.DNS_FAILURE);
        });
    }

    @Test
    void shouldMapFailureStringsByKind() {
        assertThat(OoniParser.failureOutcome("generic_timeout_error")).isEqualTo(ProbeOutcome.TIMEOUT);
        assertThat(OoniParser.failureOutcome("dns_nxdomain_error")).isEqualTo(ProbeOutcome.DNS_FAILURE);
        assertThat(OoniParser.failureOutcome("connection_refused")).isEqualTo(ProbeOutcome.TCP_FAILURE);
        assertThat(OoniParser.failureOutcome("ssl_invalid_hostname")).isEqualTo(ProbeOutcome.TLS_FAILURE);
        assertThat(OoniParser.failureOutcome("http_unexpected_status_code")).isEqualTo(ProbeOutcome.HTTP_FAILURE);
        assertThat(OoniParser.failureOutcome("unknown_failure: boom")).isEqualTo(ProbeOutcome.ERROR);
    }
}
