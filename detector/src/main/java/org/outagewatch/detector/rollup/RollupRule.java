package org.outagewatch.detector.rollup;

import java.util.Map;
import org.outagewatch.detector.liveness.LivenessProcessor;
import org.outagewatch.detector.signals.FoldedSignal;
import org.outagewatch.detector.signals.ServiceFoldProcessor;

/**
 * How the points of a country's ASNs add up to the country's point, per signal. Signals without a rule (routing,
 * which has its own country points, and series from elsewhere) are not rolled up.
 */
public enum RollupRule {
    /** Volumes: value = sum of the values, coverage = sum of the coverages. */
    SUM,
    /**
     * Shares (probes reachable, probes connected, tests reaching a service): value = the coverage-weighted mean of
     * the values (0 when no point has coverage), coverage = sum of the coverages; breakdowns (counts) are summed.
     */
    WEIGHTED_SHARE;

    private static final Map<String, RollupRule> BY_SIGNAL = Map.of(
            FoldedSignal.TRAFFIC_VOLUME.id(), SUM,
            LivenessProcessor.SIGNAL, WEIGHTED_SHARE,
            FoldedSignal.PROBE_REACHABLE.id(), WEIGHTED_SHARE,
            ServiceFoldProcessor.SIGNAL, WEIGHTED_SHARE);

    /** The rule of this signal id, or null when the signal is not rolled up. */
    public static RollupRule of(final String signal) {
        return signal == null ? null : BY_SIGNAL.get(signal);
    }
}
