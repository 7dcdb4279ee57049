package org.outagewatch.ingest.asn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagewatch.ingest.source.JsonFileReader;
import org.outagewatch.ingest.source.Keyed;
import org.outagewatch.ingest.source.Origin;
import org.outagewatch.ingest.source.RecordSink;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.testing.SharedData;

class AsnMetadataTest {
    private static final Instant AS_OF = Instant.parse("2024-01-01T00:00:00Z");
    private final List<Keyed> records = new ArrayList<>();
    private final List<String> rejected = new ArrayList<>();
    private final RecordSink sink = new RecordSink() {
        @Override
        public void accept(final Keyed record) {
            records.add(record);
        }

        @Override
        public void reject(final Origin origin, final String reason, final Throwable error, final byte[] payload) {
            rejected.add(origin + " " + reason);
        }
    };

    @Test
    void shouldReadEveryPyasnAsName() throws IOException {
        try (InputStream in = JsonFileReader.open(SharedData.file("asn-mapping/pyasn_asnames.json.gz"))) {
            final AsnNamesParser.Result result = AsnNamesParser.parse(new ObjectMapper().readTree(in), AS_OF);
            assertThat(result.records()).hasSize(77_585);
            assertThat(result.rejected()).singleElement().asString().startsWith("AS0:");
            assertThat(result.records().stream().filter(k -> ((AsnInfo) k.value()).getCountry() != null))
                    .as("all but the 3,734 'ZZ' entries (AS0 is the 3,735th) and one ending in ', na'").hasSize(73_850);
            final AsnInfo google = (AsnInfo) result.records().stream().filter(k -> k.key().equals("AS15169")).findFirst()
                    .orElseThrow().value();
            assertThat(google.getName()).isEqualTo("GOOGLE - Google Inc.");
            assertThat(google.getCountry()).isEqualTo("US");
            assertThat(google.getSource()).isEqualTo(AsnNamesParser.SOURCE);
        }
    }

    @Test
    void shouldReadOneRecordPerAsnFromIp2Asn() {
        final Ip2AsnMetadataReader.Counts counts = Ip2AsnMetadataReader.read(
                SharedData.file("asn-mapping/iptoasn_ip2asn-v4_sample.tsv"), AS_OF, sink);
        assertThat(counts.rows()).isEqualTo(1427);
        assertThat(counts.records()).isEqualTo(14);
        assertThat(records).hasSize(14).extracting(Keyed::key).contains("AS13335", "AS7497").doesNotHaveDuplicates();
        assertThat(rejected).isEmpty();
        final AsnInfo cloudflare = (AsnInfo) records.stream().filter(k -> k.key().equals("AS13335")).findFirst()
                .orElseThrow().value();
        assertThat(cloudflare.getCountry()).isEqualTo("US");
        assertThat(cloudflare.getName()).isEqualTo("CLOUDFLARENET - Cloudflare, Inc.");
    }

    @Test
    void shouldRejectMalformedIp2AsnRows(@TempDir final Path dir) throws IOException {
        final Path file = Files.writeString(dir.resolve("bad.tsv"),
                "1.0.0.0\t1.0.0.255\t13335\tUS\tCLOUDFLARENET\n1.0.1.0\t1.0.1.255\tx\tCN\tX\nshort\trow\n"
                        + "1.0.2.0\t1.0.2.255\t0\tNone\tNot routed\n");
        final Ip2AsnMetadataReader.Counts counts = Ip2AsnMetadataReader.read(file, AS_OF, sink);
        assertThat(counts.notRouted()).isEqualTo(1);
        assertThat(records).hasSize(1);
        assertThat(rejected).containsExactly(file + ":2 ASN 'x' is not a number",
                file + ":3 An ip2asn row has 5 tab-separated fields, this one 2");
    }
}
