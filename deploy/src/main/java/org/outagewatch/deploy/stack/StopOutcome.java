package org.outagewatch.deploy.stack;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * What {@code stop} did for one service.
 *
 * @param wasRunning false when there was nothing to stop
 * @param killed     true when the process ignored SIGTERM for the whole stop timeout and was killed
 */
public record StopOutcome(String name, boolean wasRunning, OptionalLong pid, boolean killed, Duration took) {
}
