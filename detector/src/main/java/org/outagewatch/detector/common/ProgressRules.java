package org.outagewatch.detector.common;

import java.time.Duration;

/**
 * How the stages that combine partitions learn how far their writers are ({@link Progress}): how many tasks each
 * writing stage has (read from the input topics' partition counts when the detector starts; one in a backtest), and
 * when a writer task is idle: after {@code idleAfter} of wall-clock time without input, provided {@code backlog}
 * does not say records wait on its input.
 *
 * @param probeTasks   the stage-1 tasks that fold probe results (the partitions of probe-results)
 * @param trafficTasks the stage-1 tasks that fold traffic samples (the partitions of traffic-samples)
 * @param stage2Tasks  the stage-2 tasks, and the country rollup's (the partitions of signal-points)
 * @param idleAfter    wall-clock time without input after which a writer task is idle and holds nobody back
 * @param backlog      the records waiting on each task's input, measured by the running detector
 *                     ({@link InputBacklog#UNKNOWN} in a backtest)
 */
public record ProgressRules(int probeTasks, int trafficTasks, int stage2Tasks, Duration idleAfter,
                            InputBacklog backlog) {
    public static final Duration DEFAULT_IDLE_AFTER = Duration.ofSeconds(30);
    public static final ProgressRules SINGLE_TASK = new ProgressRules(1, 1, 1, DEFAULT_IDLE_AFTER, InputBacklog.UNKNOWN);

    public ProgressRules {
        if (probeTasks < 1 || trafficTasks < 1 || stage2Tasks < 1) {
            throw new IllegalArgumentException("task counts must be >= 1: " + probeTasks + ", " + trafficTasks + ", "
                    + stage2Tasks);
        }
        if (idleAfter.isNegative() || idleAfter.isZero()) {
            throw new IllegalArgumentException("idle-after must be > 0: " + idleAfter);
        }
        if (backlog == null) {
            throw new IllegalArgumentException("backlog must be set (InputBacklog.UNKNOWN when not measured)");
        }
    }

    /** These rules for other task counts. */
    public ProgressRules withTasks(final int probes, final int traffic, final int stage2) {
        return new ProgressRules(probes, traffic, stage2, idleAfter, backlog);
    }

    /** These rules with the backlog measured by a running detector. */
    public ProgressRules withBacklog(final InputBacklog measured) {
        return new ProgressRules(probeTasks, trafficTasks, stage2Tasks, idleAfter, measured);
    }
}
