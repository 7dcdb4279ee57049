package org.outagewatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.schemas.topic.TopicCatalog;

class TopologyDescriptionTest {
    /** Renaming a node or a store renames a changelog topic and breaks upgrades: change this only on purpose. */
    private static final String PINNED = """
            Topologies:
               Sub-topology: 0
                Source: probe-results-source (topics: [probe-results])
                  --> signal-folder
                Source: traffic-samples-source (topics: [traffic-samples])
                  --> signal-folder
                Processor: signal-folder (stores: [signal-accumulators])
                  --> signal-points-sink
                  <-- probe-results-source, traffic-samples-source
                Sink: signal-points-sink (topic: signal-points)
                  <-- signal-folder

              Sub-topology: 1
                Source: signal-points-source (topics: [signal-points])
                  --> baseline-scorer
                Processor: baseline-scorer (stores: [baseline-models])
                  --> outage-alerts-sink
                  <-- signal-points-source
                Sink: outage-alerts-sink (topic: outage-alerts)
                  <-- baseline-scorer

            """;

    @Test
    void shouldKeepEveryNodeAndStoreName() {
        final TopicCatalog topics = TopicCatalog.create(Map.of("schema.registry.url", "mock://describe"), 4);
        assertThat(DetectorTopology.build(DetectorSettings.defaults(), topics).describe().toString()).isEqualTo(PINNED);
    }
}
