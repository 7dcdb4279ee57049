package org.outagewatch.deploy.stack;

import java.time.Duration;

/**
 * What {@code start} did for one service.
 *
 * @param alreadyRunning true when the service was running before the call (nothing was started)
 * @param took           from the call to readiness
 */
public record StartOutcome(ServiceStatus status, boolean alreadyRunning, Duration took) {
}
