package org.outagewatch.deploy.console;

import java.time.Instant;

/**
 * What the status line shows.
 *
 * @param simulatedTime the simulated instant published so far (the demo), or null for none
 * @param eventsPerSecond events published per second since the last status
 * @param openAlerts alerts opened and not yet resolved
 * @param openIncidents incidents opened and not yet resolved
 * @param consumerLag records the detector has still to read, summed over its partitions; negative when unknown
 */
public record StatusLine(Instant simulatedTime, long eventsPerSecond, int openAlerts, int openIncidents, long consumerLag) {
}
