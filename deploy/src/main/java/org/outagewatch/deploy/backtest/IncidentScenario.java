package org.outagewatch.deploy.backtest;

import java.util.List;
import java.util.function.Supplier;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.schemas.AsnInfo;

/**
 * One scenario of the classification report: its networks (with country and region), its events in event-time
 * order (built on demand) and the incidents the detector should produce from them.
 */
public record IncidentScenario(String name, String description, List<AsnInfo> asns,
                               Supplier<List<BacktestRecord>> events, List<ExpectedIncident> expected) {
    public IncidentScenario {
        asns = List.copyOf(asns);
        expected = List.copyOf(expected);
    }
}
