package org.outagewatch.detector.rollup;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.outagewatch.detector.common.ProcessorMetrics;
import org.outagewatch.detector.common.Progress;
import org.outagewatch.detector.common.ProgressStore;
import org.outagewatch.detector.common.ProgressTracker;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.SignalPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The country rollup's first step, in each stage-2 task (one per signal-points partition):
 * <ul>
 *   <li>an ASN-level {@link SignalPoint} of a signal with a {@link RollupRule} ({@link CountryRollupTopology}
 *       filters them): looks up the ASN's country in the asn-metadata global store {@code asnStore}
 *       ({@code AS<asn>} -> {@link AsnInfo}) and forwards the same point with the country's entity ({@code PK},
 *       {@code PK/twitter.com}), keyed {@code <country entity>|<signal>}, its timestamp unchanged. Points of ASNs
 *       without a country are counted ({@value #NO_COUNTRY_POINTS}) and skipped, logged at DEBUG only, since an
 *       unmapped ASN sends a point every window;</li>
 *   <li>a progress marker of a stage-1 writer: kept ({@link ProgressStore}, store {@code progressStore}); when the
 *       partition's points of a rolled-up writer group are complete further than before, this task's own marker for
 *       that group (task = this partition, of {@code readers}) goes to every partition of the rollup topic, after
 *       the points it vouches for.</li>
 * </ul>
 */
public final class CountryKeyProcessor implements Processor<String, SignalPoint, String, RollupInput> {
    private static final Logger LOG = LoggerFactory.getLogger(CountryKeyProcessor.class);
    public static final String NO_COUNTRY_POINTS = "rollup-no-country-points";

    private final String asnStore;
    private final String progressStoreName;
    private final int readers;
    private final Map<String, Progress> sent = new HashMap<>();
    private ProcessorContext<String, RollupInput> context;
    private KeyValueStore<String, ValueAndTimestamp<AsnInfo>> places;
    private ProgressStore progress;
    private Sensor noCountrySensor;

    public CountryKeyProcessor(final String asnStore, final String progressStore, final int readers) {
        this.asnStore = asnStore;
        this.progressStoreName = progressStore;
        this.readers = readers;
    }

    @Override
    public void init(final ProcessorContext<String, RollupInput> processorContext) {
        this.context = processorContext;
        this.places = processorContext.getStateStore(asnStore);
        this.progress = new ProgressStore(processorContext.getStateStore(progressStoreName));
        this.noCountrySensor = ProcessorMetrics.counter(processorContext, NO_COUNTRY_POINTS);
    }

    @Override
    public void process(final Record<String, SignalPoint> record) {
        final SignalPoint point = record.value();
        if (Progress.isMarker(point)) {
            onMarker(record, Progress.fromPoint(point));
            return;
        }
        final CountryEntity entity = CountryEntity.parse(point.getEntity());
        final String country = entity == null ? null : countryOf(entity.asnEntity());
        if (country == null) {
            noCountrySensor.record();
            if (LOG.isDebugEnabled()) {
                LOG.debug("Skipping point: no country for {}. {}", point.getEntity(), ProcessorMetrics.origin(context));
            }
            return;
        }
        final String countryEntity = entity.in(country);
        final SignalPoint rekeyed = SignalPoint.newBuilder(point).setEntity(countryEntity).build();
        context.forward(record.withKey(countryEntity + "|" + point.getSignal()).withValue(new RollupInput.Point(rekeyed)));
    }

    private void onMarker(final Record<String, SignalPoint> record, final Progress marker) {
        if (!CountryRollupTopology.WRITER_GROUPS.contains(marker.group()) || !progress.update(marker)) {
            return;
        }
        final ProgressTracker tracker = progress.tracker();
        for (final String group : CountryRollupTopology.WRITER_GROUPS) {
            final ProgressTracker.Frontier frontier = tracker.frontier(List.of(group));
            if (!frontier.known()) {
                continue;
            }
            final Progress mine = new Progress(group, context.taskId().partition(), readers, frontier.closedThrough(),
                    frontier.idle());
            if (!mine.equals(sent.get(group))) {
                sent.put(group, mine);
                context.forward(record.withKey(mine.key()).withValue(new RollupInput.Mark(mine))
                        .withTimestamp(mine.closedThrough()));
            }
        }
    }

    private String countryOf(final String asnEntity) {
        final ValueAndTimestamp<AsnInfo> place = places.get(asnEntity);
        final String country = place == null || place.value() == null ? null : place.value().getCountry();
        return country == null || country.isBlank() ? null : country;
    }
}
