package org.outagewatch.detector.backtest;

import java.time.Instant;
import java.util.Objects;

/** One labelled outage of an entity over [start, end]. */
public record LabelWindow(String entity, Instant start, Instant end) {
    public LabelWindow {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("Label of " + entity + " ends before it starts: " + start + " .. " + end);
        }
    }
}
