package org.outagewatch.detector.incident;

/**
 * The thresholds of stage 3.
 *
 * @param nationalShare connectivity alerts on at least this share of a country's measured ASNs, by count and by
 *                      their normal volume both, make a national shutdown ...
 * @param minNationalAsns ... when at least this many ASNs fail
 * @param regionalShare the same for a region (an ISO 3166-2 subdivision) ...
 * @param minRegionalAsns ... with at least this many failing ASNs
 * @param platformControlShare a service whose controls fail in at least this share of the tests is down, not blocked
 * @param platformCountries a service failing on a majority of the measured networks of at least this many countries
 *                          is a platform outage
 * @param measuredHorizonMillis a series seen this recently counts as measured
 * @param lingerMillis an incident stays open this long after its last alert resolves (a returning alert rejoins it)
 * @param stepMillis stage 3 evaluates once per step of stream time (the window size)
 * @param severityStep an UPDATE is emitted when the severity moves by at least this much
 */
public record FusionRules(double nationalShare, int minNationalAsns, double regionalShare, int minRegionalAsns,
                          double platformControlShare, int platformCountries, long measuredHorizonMillis,
                          long lingerMillis, long stepMillis, int severityStep) {
    public static final FusionRules DEFAULTS = new FusionRules(0.5, 2, 0.5, 2, 0.5, 3,
            6 * 3_600_000L, 15 * 60_000L, 5 * 60_000L, 10);

    public FusionRules {
        if (!(nationalShare > 0 && nationalShare <= 1 && regionalShare > 0 && regionalShare <= 1
                && platformControlShare > 0 && platformControlShare <= 1)) {
            throw new IllegalArgumentException("shares must be in (0, 1]");
        }
        if (minNationalAsns < 1 || minRegionalAsns < 1 || platformCountries < 2 || measuredHorizonMillis <= 0
                || lingerMillis < 0 || stepMillis <= 0 || severityStep < 1) {
            throw new IllegalArgumentException("counts and durations of the fusion rules are out of range");
        }
    }

    /** These rules with another evaluation step (the detector uses its window size). */
    public FusionRules withStep(final long millis) {
        return new FusionRules(nationalShare, minNationalAsns, regionalShare, minRegionalAsns, platformControlShare,
                platformCountries, measuredHorizonMillis, lingerMillis, millis, severityStep);
    }
}
