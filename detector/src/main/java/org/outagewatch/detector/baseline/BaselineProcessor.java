package org.outagewatch.detector.baseline;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.outagewatch.detector.baseline.AlertEvent;
import org.outagewatch.detector.baseline.BaselineModel;
import org.outagewatch.detector.baseline.ModelParameters;
import org.outagewatch.detector.baseline.Observation;
import org.outagewatch.detector.common.ProcessorMetrics;
import org.outagewatch.schemas.AlertSeverity;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.SignalPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2: scores each {@link SignalPoint} (key {@code <entity>|<signal>}) against its series'
 * {@link BaselineModel}, kept encoded in a logged key-value store under the same key, and emits the
 * {@link OutageAlert} of every transition (key {@code <entity>|<signal>}, id {@code <entity>|<signal>|<startedAt
 * epoch millis>}). Points must arrive in window order per series; one that does not is counted and logged at WARN.
 * Series whose signal id starts with one of the coverage-gated prefixes (shares such as probe.reachable) ignore
 * windows with too few observations; those that start with one of the census prefixes (atlas.connected-probes: the
 * same probes every window) are judged window by window rather than pooled.
 */
public final class BaselineProcessor implements Processor<String, SignalPoint, String, OutageAlert> {
    private static final Logger LOG = LoggerFactory.getLogger(BaselineProcessor.class);
    public static final String STALE_POINTS = "stale-points";

    private final String storeName;
    private final ModelParameters parameters;
    private final List<String> coverageGatedPrefixes;
    private final List<String> censusPrefixes;
    private ProcessorContext<String, OutageAlert> context;
    private KeyValueStore<String, byte[]> models;
    private Sensor staleSensor;

    public BaselineProcessor(final String storeName, final ModelParameters parameters, final List<String> coverageGatedPrefixes,
                             final List<String> censusPrefixes) {
        this.storeName = storeName;
        this.parameters = parameters;
        this.coverageGatedPrefixes = List.copyOf(coverageGatedPrefixes);
        this.censusPrefixes = List.copyOf(censusPrefixes);
    }

    @Override
    public void init(final ProcessorContext<String, OutageAlert> processorContext) {
        this.context = processorContext;
        this.models = processorContext.getStateStore(storeName);
        this.staleSensor = ProcessorMetrics.counter(processorContext, STALE_POINTS);
    }

    @Override
    public void process(final Record<String, SignalPoint> record) {
        final SignalPoint point = record.value();
        if (point == null) {
            staleSensor.record();
            warn("null signal point");
            return;
        }
        final String series = point.getEntity() + "|" + point.getSignal();
        final byte[] stored = models.get(series);
        final BaselineModel model = stored == null ? new BaselineModel() : BaselineModel.fromBytes(stored);
        final long windowStart = point.getWindowStart().toEpochMilli();
        final long windowEnd = point.getWindowEnd().toEpochMilli();
        if (!model.accepts(windowStart) || windowEnd <= windowStart) {
            staleSensor.record();
            warn("point for " + series + " window " + point.getWindowStart() + " is out of order or empty");
            return;
        }
        final Observation observation = new Observation(windowStart, windowEnd, point.getValue(), point.getCoverage(),
                startsWithAny(point.getSignal(), coverageGatedPrefixes), !startsWithAny(point.getSignal(), censusPrefixes));
        final Optional<AlertEvent> event = model.observe(observation, parameters);
        models.put(series, model.toBytes());
        event.ifPresent(e -> context.forward(new Record<>(series, alert(point, series, e), windowEnd)));
    }

    private static boolean startsWithAny(final String signal, final List<String> prefixes) {
        for (final String prefix : prefixes) {
            if (signal.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** The Avro alert for a model event. */
    public static OutageAlert alert(final SignalPoint point, final String series, final AlertEvent event) {
        return OutageAlert.newBuilder()
                .setAlertId(series + "|" + event.startedAt())
                .setEntity(point.getEntity())
                .setSignal(point.getSignal())
                .setStatus(AlertStatus.valueOf(event.phase().name()))
                .setSeverity(AlertSeverity.valueOf(event.severity().name()))
                .setStartedAt(Instant.ofEpochMilli(event.startedAt()))
                .setEndedAt(event.endedAt() == null ? null : Instant.ofEpochMilli(event.endedAt()))
                .setWindowStart(Instant.ofEpochMilli(event.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(event.windowEnd()))
                .setExpected(event.expected())
                .setObserved(event.observed())
                .setScore(event.score())
                .setCoverage(event.coverage())
                .setDurationMinutes(event.durationMinutes())
                .setAlertArea(event.alertArea())
                .build();
    }

    private void warn(final String reason) {
        LOG.warn("Skipping record: {}. {}", reason, ProcessorMetrics.origin(context));
    }
}
