package org.outagewatch.deploy.study;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.outagewatch.deploy.backtest.IncidentRunner;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.backtest.AlertSpan;
import org.outagewatch.detector.backtest.BacktestEngine;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.detector.backtest.BacktestRun;
import org.outagewatch.ingest.publish.EventTimeProgress;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.SignalPoint;

/**
 * Runs a study's events (already restricted to its span and in event-time order) through a fresh detector offline,
 * as {@code backtest --alerts-out --incidents-out} does: the whole topology in one task, once with
 * {@link BacktestEngine} for the alerts, then with {@link IncidentRunner} for the incident records and the signal
 * points of every alerted series (for the charts). The topology is deterministic, so both passes see the same
 * alerts. Each pass reports its progress.
 */
public final class Study {
    private Study() {
    }

    /**
     * What a study found.
     *
     * @param run the alerts, entities and span of the input
     * @param incidentRecords every incident record emitted, in order
     * @param series the signal points of every alerted series, by {@code entity|signal}, in window order
     */
    public record Result(BacktestRun run, List<Incident> incidentRecords, Map<String, List<SignalPoint>> series) {
        public Result {
            incidentRecords = List.copyOf(incidentRecords);
            series = Map.copyOf(series);
        }

        /** The last record of each incident not merged into another. */
        public List<Incident> incidents() {
            return IncidentRunner.finals(incidentRecords);
        }

        public List<AlertSpan> alerts() {
            return run.alerts();
        }
    }

    /**
     * @param progress a progress for a pass, given its label
     */
    public static Result run(final DetectorSettings detector, final List<AsnInfo> asns,
                             final List<BacktestRecord> records, final Function<String, EventTimeProgress> progress) {
        final Instant end = records.isEmpty() ? null : records.get(records.size() - 1).eventTime();
        final BacktestRun run;
        final EventTimeProgress alertsPass = progress.apply("study 1/2 (alerts)");
        alertsPass.spanEnd(end);
        try (BacktestEngine engine = new BacktestEngine(detector, asns)) {
            for (final BacktestRecord record : records) {
                engine.feed(record);
                alertsPass.event(record.eventTime());
            }
            run = engine.finish();
        }
        alertsPass.finish();
        final Set<String> alerted = new HashSet<>();
        run.alerts().forEach(alert -> alerted.add(alert.entity() + "|" + alert.signal()));
        final Map<String, List<SignalPoint>> series = new LinkedHashMap<>();
        final EventTimeProgress incidentsPass = progress.apply("study 2/2 (incidents)");
        incidentsPass.spanEnd(end);
        final List<Incident> incidents = IncidentRunner.run(detector, asns, ticking(records, incidentsPass), point -> {
            final String key = point.getEntity() + "|" + point.getSignal();
            if (alerted.contains(key)) {
                series.computeIfAbsent(key, k -> new ArrayList<>()).add(point);
            }
        });
        incidentsPass.finish();
        return new Result(run, incidents, series);
    }

    /** The records, telling the progress of each as it is taken. */
    private static Iterable<BacktestRecord> ticking(final List<BacktestRecord> records, final EventTimeProgress progress) {
        return () -> new Iterator<>() {
            private final Iterator<BacktestRecord> inner = records.iterator();

            @Override
            public boolean hasNext() {
                return inner.hasNext();
            }

            @Override
            public BacktestRecord next() {
                final BacktestRecord record = inner.next();
                progress.event(record.eventTime());
                return record;
            }
        };
    }
}
