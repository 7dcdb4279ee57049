package org.outagewatch.detector.history;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.outagewatch.detector.baseline.BaselineModel;
import org.outagewatch.detector.baseline.ModelParameters;
import org.outagewatch.schemas.SignalPoint;

/**
 * Keeps a bounded history of scored points per series for the API's charts: for each signal point (key
 * {@code <entity>|<signal>}) on its way to the baseline scorer, the expectation of the series' model as the scorer
 * is about to use it (read from the scorer's store, not changed) and the band around it, in a window store keyed
 * by series at the window's start ({@link HistoryStores#SERIES_HISTORY}, retention {@link HistoryStores#RETENTION},
 * logged). The point is forwarded unchanged, so the scorer downstream sees exactly what it saw before.
 */
public final class SeriesHistoryProcessor implements Processor<String, SignalPoint, String, SignalPoint> {
    private final String modelStoreName;
    private final String historyStoreName;
    private final ModelParameters parameters;
    private ProcessorContext<String, SignalPoint> context;
    private KeyValueStore<String, byte[]> models;
    private WindowStore<String, ScoredPoint> history;

    public SeriesHistoryProcessor(final String modelStoreName, final String historyStoreName,
                                  final ModelParameters parameters) {
        this.modelStoreName = modelStoreName;
        this.historyStoreName = historyStoreName;
        this.parameters = parameters;
    }

    @Override
    public void init(final ProcessorContext<String, SignalPoint> processorContext) {
        this.context = processorContext;
        this.models = processorContext.getStateStore(modelStoreName);
        this.history = processorContext.getStateStore(historyStoreName);
    }

    @Override
    public void process(final Record<String, SignalPoint> record) {
        final SignalPoint point = record.value();
        if (point != null) {
            final String series = point.getEntity() + "|" + point.getSignal();
            final long windowStart = point.getWindowStart().toEpochMilli();
            final long windowEnd = point.getWindowEnd().toEpochMilli();
            final byte[] stored = models.get(series);
            final double expected = stored == null ? Double.NaN
                    : BaselineModel.fromBytes(stored).expectedAt(windowStart + (windowEnd - windowStart) / 2);
            history.put(series, score(point, expected, parameters), windowStart);
        }
        context.forward(record);
    }

    /** The scored point of a signal point with this expectation. */
    static ScoredPoint score(final SignalPoint point, final double expected, final ModelParameters parameters) {
        return new ScoredPoint(point.getWindowStart().toEpochMilli(), point.getWindowEnd().toEpochMilli(),
                point.getValue(), expected, expected * parameters.learnLow(), expected * parameters.learnHigh(),
                expected * parameters.warningRatio(), point.getCoverage());
    }
}
