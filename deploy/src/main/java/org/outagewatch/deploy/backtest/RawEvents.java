package org.outagewatch.deploy.backtest;

import java.util.List;
import java.util.Map;
import org.outagewatch.detector.backtest.BacktestRecord;

/**
 * What {@link RawEventReader} made of raw event files: the backtest records (file order), the input it rejected
 * (count and the first reasons, {@code origin: reason}), and the parsed events that are not backtest input, counted
 * by type.
 */
public record RawEvents(List<BacktestRecord> records, long rejected, List<String> firstReasons,
                        Map<String, Long> notBacktestInput) {
    public RawEvents {
        records = List.copyOf(records);
        firstReasons = List.copyOf(firstReasons);
        notBacktestInput = Map.copyOf(notBacktestInput);
    }
}
