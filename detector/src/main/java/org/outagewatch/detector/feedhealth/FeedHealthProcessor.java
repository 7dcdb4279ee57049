package org.outagewatch.detector.feedhealth;

import java.util.Optional;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.outagewatch.detector.baseline.AlertEvent;
import org.outagewatch.detector.baseline.BaselineProcessor;
import org.outagewatch.detector.common.ProcessorMetrics;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.SignalPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 2 for feed health: reads the stage-1 {@link FeedSummary feed summaries} (key {@code feed/<signal>|feed.reporting},
 * so every task's summaries of one feed meet in one partition), keeps one {@link FeedStall} per feed in a logged
 * key-value store, and emits the feed-health {@link OutageAlert}s (entity {@code feed/<signal>}, signal
 * {@value FeedSummary#SIGNAL}, id {@code <key>|<startedAt>}): one OPEN when a feed stalls, one RESOLVED when it is back.
 * A malformed summary is counted and logged at WARN.
 */
public final class FeedHealthProcessor implements Processor<String, SignalPoint, String, OutageAlert> {
    private static final Logger LOG = LoggerFactory.getLogger(FeedHealthProcessor.class);
    public static final String MALFORMED_SUMMARIES = "malformed-feed-summaries";

    private final String storeName;
    private ProcessorContext<String, OutageAlert> context;
    private KeyValueStore<String, byte[]> stalls;
    private Sensor malformedSensor;

    public FeedHealthProcessor(final String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(final ProcessorContext<String, OutageAlert> processorContext) {
        this.context = processorContext;
        this.stalls = processorContext.getStateStore(storeName);
        this.malformedSensor = ProcessorMetrics.counter(processorContext, MALFORMED_SUMMARIES);
    }

    @Override
    public void process(final Record<String, SignalPoint> record) {
        final FeedSummary summary = FeedSummary.fromPoint(record.value());
        if (summary == null) {
            malformedSensor.record();
            LOG.warn("Skipping record: not a feed summary (entity feed/<signal>, signal {}, breakdown {} and {}). "
                    + "key=[{}] {}", FeedSummary.SIGNAL, FeedSummary.PARTITION, FeedSummary.GAP, record.key(),
                    ProcessorMetrics.origin(context));
            return;
        }
        final String key = summary.key();
        final FeedStall stall = FeedStall.fromBytes(stalls.get(key));
        final Optional<AlertEvent> event = stall.observe(summary);
        if (event.isPresent() || stall.open()) {
            stalls.put(key, stall.toBytes());
        }
        event.ifPresent(e -> {
            final OutageAlert alert = BaselineProcessor.alert(record.value(), key, e);
            LOG.info("Feed {} {}: stalled since {} (window {}, {} series active)", summary.signal(), alert.getStatus(),
                    alert.getStartedAt(), alert.getWindowStart(), summary.active());
            context.forward(new Record<>(key, alert, summary.windowEnd()));
        });
    }
}
