package org.outagewatch.schemas.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIntegrationTest {
    @Test
    void shouldStartARealBrokerAndCreateTopics() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); Admin admin = kafka.admin()) {
            kafka.createTopic("probe-results", 4, false);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("probe-results");
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }
}
