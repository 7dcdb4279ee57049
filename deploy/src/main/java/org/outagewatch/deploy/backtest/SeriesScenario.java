package org.outagewatch.deploy.backtest;

import java.util.List;
import java.util.Objects;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.detector.backtest.Labels;

/**
 * One scenario of ready series ({@link SeriesScenarios}): its points in event-time order and its ground truth.
 *
 * @param name short name, as {@code --scenario} takes it
 * @param description one line for the table's legend
 * @param events the signal points, in event-time order
 * @param labels every entity, and the outage windows a detector should find
 */
public record SeriesScenario(String name, String description, List<BacktestRecord> events, Labels labels) {
    public SeriesScenario {
        Objects.requireNonNull(name, "name");
        events = List.copyOf(events);
        Objects.requireNonNull(labels, "labels");
    }
}
