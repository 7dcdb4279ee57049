package org.outagewatch.detector.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {
    private static final String FOLDER = "signal-folder";
    private static final String ROUTING = "routing-visibility";
    private static final long MINUTE = 60_000L;

    private static Progress marker(final String group, final int task, final int tasks, final long minutes, final boolean idle) {
        return new Progress(group, task, tasks, minutes * MINUTE, idle);
    }

    @Test
    void shouldBeCompleteThroughTheSlowestBusyTaskAndNotWaitForAnIdleOne() {
        final ProgressTracker tracker = new ProgressTracker();
        tracker.update(marker(FOLDER, 0, 3, 30, false));
        tracker.update(marker(FOLDER, 1, 3, 20, false));
        assertThat(tracker.watermark(FOLDER)).as("task 2 not heard from").isEqualTo(ProgressTracker.INCOMPLETE);
        tracker.update(marker(FOLDER, 2, 3, 5, true));

        assertThat(tracker.watermark(FOLDER)).isEqualTo(20 * MINUTE);
        assertThat(tracker.idle(FOLDER)).isFalse();
    }

    @Test
    void shouldWaitForTheTaskBehindWhenEveryTaskFallsSilentAtOnce() {
        // a broker restart: every task idle by the wall clock, one of them still behind the others
        final ProgressTracker tracker = new ProgressTracker();
        tracker.update(marker(FOLDER, 0, 3, 30, true));
        tracker.update(marker(FOLDER, 1, 3, 20, true));
        tracker.update(marker(FOLDER, 2, 3, 0, true));

        assertThat(tracker.watermark(FOLDER)).as("task 1 may still have points for minutes 20-30").isEqualTo(20 * MINUTE);
        assertThat(tracker.idle(FOLDER)).isTrue();

        tracker.update(marker(FOLDER, 1, 3, 35, false));
        assertThat(tracker.watermark(FOLDER)).as("task 1 busy again: it alone holds the group").isEqualTo(35 * MINUTE);
    }

    @Test
    void shouldLetAWhollyIdleGroupWithoutInputHoldNobodyBack() {
        final ProgressTracker tracker = new ProgressTracker();
        tracker.update(marker(FOLDER, 0, 1, 30, false));
        tracker.update(new Progress(ROUTING, 0, 1, Progress.NONE, true));
        assertThat(tracker.frontier(List.of(FOLDER, ROUTING)).closedThrough()).isEqualTo(30 * MINUTE);

        tracker.update(marker(FOLDER, 0, 1, 40, true));
        final ProgressTracker.Frontier frontier = tracker.frontier(List.of(FOLDER, ROUTING));
        assertThat(frontier.closedThrough()).as("every group idle: the one that closed anything").isEqualTo(40 * MINUTE);
        assertThat(frontier.idle()).isTrue();
    }

    @Test
    void shouldTakeTheSmallestOfTheWhollyIdleGroupsThatClosedAnything() {
        final ProgressTracker tracker = new ProgressTracker();
        tracker.update(marker(FOLDER, 0, 1, 40, true));
        tracker.update(marker(ROUTING, 0, 1, 25, true));
        assertThat(tracker.frontier(List.of(FOLDER, ROUTING)).closedThrough()).isEqualTo(25 * MINUTE);
    }
}
