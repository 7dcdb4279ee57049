package org.outagewatch.detector.incident;

import java.util.Map;
import java.util.SortedSet;
import org.outagewatch.schemas.FailureMode;
import org.outagewatch.schemas.IncidentKind;

/**
 * One group of open alerts that belong together right now, classified: what {@link IncidentClassifier} finds in one
 * evaluation, before the lifecycle gives it an incident id.
 *
 * @param key what the group is about ({@code network:AS64500}, {@code national:IR}, {@code regional:US-TX},
 *            {@code blocking:PK}, {@code platform:zoom.us}, {@code unknown:PK}); the id of a new incident starts with it
 * @param failureMode how the services fail, for SERVICE_BLOCKING, else null
 * @param evidence the counts behind the kind, by name
 */
public record Cluster(String key, IncidentKind kind, FailureMode failureMode, int severity, Double iodaScore,
                      SortedSet<String> alertIds, SortedSet<Long> asns, SortedSet<String> countries,
                      SortedSet<String> services, long startedAt, long lastEnd, Map<String, String> evidence,
                      String explanation) {
}
