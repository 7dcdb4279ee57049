package org.outagewatch.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.outagewatch.ingest.publish.Topics;
import org.outagewatch.ingest.synthetic.WorldSpec;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.testing.EmbeddedKafka;
import org.outagewatch.schemas.topic.TopicCatalog;
import picocli.CommandLine;

class SyntheticCommandIntegrationTest {
    private static final String REGISTRY = "mock://synthetic-command-it";
    private static final int ASNS = 3;

    @Test
    void shouldCreateTopicsAndPublishASliceWithItsMetadata() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final CommandLine commandLine = IngestCommand.newCommandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));

            final int exit = commandLine.execute("synthetic", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--schema-registry-url", REGISTRY, "--create-topics", "--asns", String.valueOf(ASNS), "--days", "2",
                    "--from", "2024-03-05T00:00:00Z", "--to", "2024-03-05T00:30:00Z");

            assertThat(exit).as(err.toString()).isZero();
            assertThat(out.toString()).contains("published:", "0 failed");
            final TopicCatalog catalog = TopicCatalog.create(Map.of(Settings.SCHEMA_REGISTRY_URL, REGISTRY),
                    TopicCatalog.DEFAULT_PARTITIONS);
            final int probes = ASNS * WorldSpec.DEFAULT_PROBES_PER_ASN * 30;
            final List<ConsumerRecord<String, ProbeResult>> probeRecords = Topics.readEvents(kafka.bootstrapServers(),
                    catalog, catalog.probeResults(), probes);
            final List<ConsumerRecord<String, AsnInfo>> metadata = Topics.read(kafka.bootstrapServers(),
                    catalog.asnMetadata(), ASNS);
            assertThat(probeRecords).hasSize(probes);
            assertThat(metadata).hasSize(ASNS)
                    .allSatisfy(r -> assertThat(r.key()).isEqualTo("AS" + r.value().getAsn()));
        }
    }
}
