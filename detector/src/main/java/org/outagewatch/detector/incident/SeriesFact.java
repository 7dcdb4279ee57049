package org.outagewatch.detector.incident;

import java.util.Map;

/**
 * What stage 3 remembers of one measured series, so that it can say how many networks were measured and not only
 * how many failed.
 *
 * @param entity {@code AS<asn>} or {@code AS<asn>/<service>}
 * @param signal the signal id
 * @param lastWindowEnd end of the last window seen, epoch millis
 * @param weight the series' normal volume (an average of its values while not alerting), used to weight ASNs
 * @param breakdown the counts behind the last point (service tests: outcomes and controls)
 */
public record SeriesFact(String entity, String signal, long lastWindowEnd, double weight, Map<String, Long> breakdown) {
    public SeriesFact {
        breakdown = Map.copyOf(breakdown);
    }
}
