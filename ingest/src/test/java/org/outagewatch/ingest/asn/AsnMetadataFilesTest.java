package org.outagewatch.ingest.asn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.testing.SharedData;

class AsnMetadataFilesTest {
    @Test
    void shouldTellPyasnNamesFromIp2AsnByContent() throws Exception {
        final AsnMetadataFiles.Loaded names = AsnMetadataFiles.load(List.of(SharedData.file("asn-mapping/pyasn_asnames.json.gz")));
        final AsnMetadataFiles.Loaded ip2asn = AsnMetadataFiles.load(List.of(SharedData.file("asn-mapping/iptoasn_ip2asn-v4_sample.tsv")));

        assertThat(names.infos()).hasSize(77_585);
        assertThat(names.rejected()).hasSize(1).first().asString().contains("AS0");
        assertThat(names.infos()).extracting(AsnInfo::getSource).containsOnly(AsnNamesParser.SOURCE);
        assertThat(ip2asn.infos()).hasSize(14).extracting(AsnInfo::getSource).containsOnly(Ip2AsnMetadataReader.SOURCE);
    }
}
