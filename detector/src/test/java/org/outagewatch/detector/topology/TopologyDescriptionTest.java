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
                Source: signal-points-source (topics: [signal-points])
                  --> country-rollup-filter, incident-points-filter, feed-points, series-points
                Processor: series-points (stores: [])
                  --> series-history-recorder
                  <-- signal-points-source
                Processor: series-history-recorder (stores: [baseline-models, series-history])
                  --> baseline-scorer
                  <-- series-points
                Processor: baseline-scorer (stores: [baseline-models])
                  --> incident-alerts-filter, alert-history-recorder, all-alerts
                  <-- series-history-recorder
                Processor: incident-alerts-filter (stores: [])
                  --> incident-alerts
                  <-- baseline-scorer
                Processor: incident-points-filter (stores: [])
                  --> incident-fusion-progress
                  <-- signal-points-source
                Processor: incident-alerts (stores: [])
                  --> incident-inputs
                  <-- incident-alerts-filter
                Processor: incident-fusion-progress (stores: [incident-fusion-progress])
                  --> incident-inputs
                  <-- incident-points-filter
                Processor: country-rollup-filter (stores: [])
                  --> country-rollup-keyer
                  <-- signal-points-source
                Processor: feed-points (stores: [])
                  --> feed-health
                  <-- signal-points-source
                Processor: incident-inputs (stores: [])
                  --> incident-fusion-key
                  <-- incident-fusion-progress, incident-alerts
                Processor: country-rollup-keyer (stores: [country-rollup-progress])
                  --> country-rollup-repartition-filter
                  <-- country-rollup-filter
                Processor: feed-health (stores: [feed-stalls])
                  --> all-alerts
                  <-- feed-points
                Processor: incident-fusion-key (stores: [])
                  --> incident-fusion-repartition-filter
                  <-- incident-inputs
                Processor: all-alerts (stores: [])
                  --> outage-alerts-sink
                  <-- baseline-scorer, feed-health
                Processor: country-rollup-repartition-filter (stores: [])
                  --> country-rollup-repartition-sink
                  <-- country-rollup-keyer
                Processor: incident-fusion-repartition-filter (stores: [])
                  --> incident-fusion-repartition-sink
                  <-- incident-fusion-key
                Processor: alert-history-recorder (stores: [alert-history])
                  --> none
                  <-- baseline-scorer
                Sink: country-rollup-repartition-sink (topic: country-rollup-repartition)
                  <-- country-rollup-repartition-filter
                Sink: incident-fusion-repartition-sink (topic: incident-fusion-repartition)
                  <-- incident-fusion-repartition-filter
                Sink: outage-alerts-sink (topic: outage-alerts)
                  <-- all-alerts

              Sub-topology: 1 for global store (will not generate tasks)
                Source: asn-metadata-source-source (topics: [asn-metadata])
                  --> asn-metadata-source
                Processor: asn-metadata-source (stores: [asn-places])
                  --> none
                  <-- asn-metadata-source-source
              Sub-topology: 2
                Source: incident-fusion-repartition-source (topics: [incident-fusion-repartition])
                  --> incident-fuser
                Processor: incident-fuser (stores: [incident-alerts, incident-state, incident-clock, incident-series, incident-pending])
                  --> incident-history-recorder, incidents-sink
                  <-- incident-fusion-repartition-source
                Processor: incident-history-recorder (stores: [incident-history])
                  --> none
                  <-- incident-fuser
                Sink: incidents-sink (topic: incidents)
                  <-- incident-fuser

              Sub-topology: 3
                Source: country-rollup-repartition-source (topics: [country-rollup-repartition])
                  --> country-rollup-summer
                Processor: country-rollup-summer (stores: [country-rollup-state])
                  --> country-rollup-points-sink
                  <-- country-rollup-repartition-source
                Sink: country-rollup-points-sink (topic: signal-points)
                  <-- country-rollup-summer

              Sub-topology: 4
                Source: routing-updates-source (topics: [routing-updates])
                  --> routing-single-repartition-filter
                Processor: routing-single-repartition-filter (stores: [])
                  --> routing-single-repartition-sink
                  <-- routing-updates-source
                Sink: routing-single-repartition-sink (topic: routing-single-repartition)
                  <-- routing-single-repartition-filter

              Sub-topology: 5
                Source: routing-single-repartition-source (topics: [routing-single-repartition])
                  --> routing-visibility
                Processor: routing-visibility (stores: [routing-state])
                  --> routing-signal-points-sink
                  <-- routing-single-repartition-source
                Sink: routing-signal-points-sink (topic: signal-points)
                  <-- routing-visibility

              Sub-topology: 6
                Source: atlas-connections-source (topics: [atlas-connections])
                  --> liveness-single-repartition-filter
                Processor: liveness-single-repartition-filter (stores: [])
                  --> liveness-single-repartition-sink
                  <-- atlas-connections-source
                Sink: liveness-single-repartition-sink (topic: liveness-single-repartition)
                  <-- liveness-single-repartition-filter

              Sub-topology: 7
                Source: liveness-single-repartition-source (topics: [liveness-single-repartition])
                  --> probe-liveness
                Processor: probe-liveness (stores: [probe-liveness-state])
                  --> liveness-signal-points-sink
                  <-- liveness-single-repartition-source
                Sink: liveness-signal-points-sink (topic: signal-points)
                  <-- probe-liveness

              Sub-topology: 8
                Source: probe-results-source (topics: [probe-results])
                  --> probe-folder, service-folder
                Processor: probe-folder (stores: [probe-accumulators])
                  --> signal-points-sink
                  <-- probe-results-source
                Processor: service-folder (stores: [service-accumulators])
                  --> signal-points-sink
                  <-- probe-results-source
                Sink: signal-points-sink (topic: signal-points)
                  <-- probe-folder, service-folder

              Sub-topology: 9
                Source: traffic-samples-source (topics: [traffic-samples])
                  --> traffic-folder
                Processor: traffic-folder (stores: [traffic-accumulators])
                  --> traffic-points-sink
                  <-- traffic-samples-source
                Sink: traffic-points-sink (topic: signal-points)
                  <-- traffic-folder

            """;

    @Test
    void shouldKeepEveryNodeAndStoreName() {
        final TopicCatalog topics = TopicCatalog.create(Map.of("schema.registry.url", "mock://describe"), 4);
        assertThat(DetectorTopology.build(DetectorSettings.defaults(), topics).describe().toString()).isEqualTo(PINNED);
    }
}
