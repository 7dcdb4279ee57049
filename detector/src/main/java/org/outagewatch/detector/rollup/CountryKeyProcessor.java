package org.outagewatch.detector.rollup;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.outagewatch.detector.common.ProcessorMetrics;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.SignalPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The country rollup's first step: consumes ASN-level {@link SignalPoint}s of a signal with a {@link RollupRule}
 * ({@link CountryRollupTopology} filters them), looks up the ASN's country in the asn-metadata global store
 * {@code asnStore} ({@code AS<asn>} -> {@link AsnInfo}) and forwards the same point with the country's entity
 * ({@code PK}, {@code PK/twitter.com}), keyed {@code <country entity>|<signal>}, its timestamp unchanged. Points of
 * ASNs without a country are counted ({@value #NO_COUNTRY_POINTS}) and skipped; they are logged at DEBUG only,
 * since an unmapped ASN sends a point every window.
 */
public final class CountryKeyProcessor implements Processor<String, SignalPoint, String, SignalPoint> {
    private static final Logger LOG = LoggerFactory.getLogger(CountryKeyProcessor.class);
    public static final String NO_COUNTRY_POINTS = "rollup-no-country-points";

    private final String asnStore;
    private ProcessorContext<String, SignalPoint> context;
    private KeyValueStore<String, ValueAndTimestamp<AsnInfo>> places;
    private Sensor noCountrySensor;

    public CountryKeyProcessor(final String asnStore) {
        this.asnStore = asnStore;
    }

    @Override
    public void init(final ProcessorContext<String, SignalPoint> processorContext) {
        this.context = processorContext;
        this.places = processorContext.getStateStore(asnStore);
        this.noCountrySensor = ProcessorMetrics.counter(processorContext, NO_COUNTRY_POINTS);
    }

    @Override
    public void process(final Record<String, SignalPoint> record) {
        final SignalPoint point = record.value();
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
        context.forward(record.withKey(countryEntity + "|" + point.getSignal()).withValue(rekeyed));
    }

    private String countryOf(final String asnEntity) {
        final ValueAndTimestamp<AsnInfo> place = places.get(asnEntity);
        final String country = place == null || place.value() == null ? null : place.value().getCountry();
        return country == null || country.isBlank() ? null : country;
    }
}
