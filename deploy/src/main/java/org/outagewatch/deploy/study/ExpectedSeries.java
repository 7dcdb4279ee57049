package org.outagewatch.deploy.study;

import java.util.ArrayList;
import java.util.List;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.baseline.BaselineModel;
import org.outagewatch.detector.baseline.ModelParameters;
import org.outagewatch.detector.baseline.Observation;
import org.outagewatch.schemas.SignalPoint;

/**
 * What stage 2 expected of one series, window by window, for the charts: the series' signal points go through a
 * {@link BaselineModel} with the run's {@link ModelParameters}, as the baseline stage feeds them (coverage-gated and
 * census signals told apart by the settings' prefixes, out-of-order points skipped), and each point's expected value
 * is the model's expectation at the middle of its window before the point is learned; NaN during warm-up and for
 * windows the model ignores (too few observations of a gated share). It is the same model and the same points, so
 * the value equals an alert's evidence {@code expected} at the window that opened it (tested).
 */
public final class ExpectedSeries {
    private ExpectedSeries() {
    }

    /** The chart points of one series' signal points (in window order). */
    public static List<SvgChart.Point> of(final List<SignalPoint> points, final DetectorSettings settings) {
        final ModelParameters rules = settings.modelParameters();
        final BaselineModel model = new BaselineModel();
        final List<SvgChart.Point> out = new ArrayList<>();
        long first = Long.MIN_VALUE;
        for (final SignalPoint point : points) {
            final long start = point.getWindowStart().toEpochMilli();
            final long end = point.getWindowEnd().toEpochMilli();
            if (!model.accepts(start) || end <= start) {
                continue;
            }
            if (first == Long.MIN_VALUE) {
                first = start;
            }
            final boolean gated = startsWithAny(point.getSignal(), settings.coverageGatedPrefixes());
            final Observation observation = new Observation(start, end, point.getValue(), point.getCoverage(), gated,
                    !startsWithAny(point.getSignal(), settings.censusPrefixes()));
            final boolean scored = start - first >= rules.warmUpMillis()
                    && !(gated && point.getCoverage() < rules.minCoverage());
            final double expected = scored ? model.expectedAt(observation.midpoint()) : Double.NaN;
            model.observe(observation, rules);
            out.add(new SvgChart.Point(point.getWindowStart(), point.getWindowEnd(), point.getValue(), expected));
        }
        return out;
    }

    private static boolean startsWithAny(final String signal, final List<String> prefixes) {
        for (final String prefix : prefixes) {
            if (signal.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
