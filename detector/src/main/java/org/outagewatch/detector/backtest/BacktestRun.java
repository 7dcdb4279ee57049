package org.outagewatch.detector.backtest;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a backtest produced: its alerts, the entities its input informed, the event-time span of the input
 * ({@code first} and {@code last} are null for an empty input) and how many records it read.
 */
public record BacktestRun(List<AlertSpan> alerts, Set<String> entities, Instant first, Instant last, long records) {
    public BacktestRun {
        alerts = List.copyOf(alerts);
        entities = Set.copyOf(entities);
    }
}
