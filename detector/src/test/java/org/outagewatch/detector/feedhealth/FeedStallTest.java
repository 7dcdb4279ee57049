package org.outagewatch.detector.feedhealth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.baseline.AlertEvent;
import org.outagewatch.detector.baseline.AlertPhase;

class FeedStallTest {
    private static final long WINDOW = Duration.ofMinutes(5).toMillis();
    private static final String SIGNAL = "probe.reachable";

    private static long at(final int window) {
        return window * WINDOW;
    }

    private static FeedSummary gap(final int window, final int partition) {
        return new FeedSummary(SIGNAL, at(window), at(window + 1), 0, 40, partition, true);
    }

    private static FeedSummary ok(final int window, final int partition) {
        return new FeedSummary(SIGNAL, at(window), at(window + 1), 38, 40, partition, false);
    }

    @Test
    void shouldOpenOnceForEveryTaskAndResolveWhenTheLastStalledTaskIsBack() {
        final FeedStall stall = new FeedStall();
        assertThat(stall.observe(ok(1, 0))).isEmpty();
        final Optional<AlertEvent> open = stall.observe(gap(2, 0));
        assertThat(open).get().extracting(AlertEvent::phase, AlertEvent::startedAt, AlertEvent::expected)
                .containsExactly(AlertPhase.OPEN, at(2), 40.0);
        assertThat(stall.observe(gap(2, 1))).isEmpty();
        assertThat(stall.observe(gap(3, 0))).isEmpty();
        assertThat(stall.observe(gap(3, 1))).isEmpty();
        assertThat(stall.silenced()).isEqualTo(80);
        // partition 0 is back; partition 1 is not yet
        assertThat(stall.observe(ok(4, 0))).isEmpty();
        // a summary of partition 1 from before its gap ended does not resolve
        assertThat(stall.observe(ok(1, 1))).isEmpty();
        final Optional<AlertEvent> resolved = stall.observe(ok(4, 1));
        assertThat(resolved).get().extracting(AlertEvent::phase, AlertEvent::startedAt, AlertEvent::endedAt,
                AlertEvent::durationMinutes, AlertEvent::alertArea)
                .containsExactly(AlertPhase.RESOLVED, at(2), at(4), 10.0, 1000.0);
        assertThat(stall.open()).isFalse();
    }

    @Test
    void shouldAbsorbTheSameGapReportedLaterByAnotherTaskAndOpenAgainOnANewOne() {
        final FeedStall stall = new FeedStall();
        assertThat(stall.observe(gap(2, 0))).isPresent();
        assertThat(stall.observe(ok(3, 0))).get().extracting(AlertEvent::phase).isEqualTo(AlertPhase.RESOLVED);
        // partition 1 closes the same gap later: already reported
        assertThat(stall.observe(gap(2, 1))).isEmpty();
        assertThat(stall.observe(ok(3, 1))).isEmpty();
        // a new gap is a new stall
        assertThat(stall.observe(gap(9, 1))).get().extracting(AlertEvent::phase, AlertEvent::startedAt)
                .containsExactly(AlertPhase.OPEN, at(9));
    }

    @Test
    void shouldCarryOnFromItsBytes() {
        final FeedStall stall = new FeedStall();
        stall.observe(gap(2, 0));
        stall.observe(gap(2, 3));
        final FeedStall restored = FeedStall.fromBytes(stall.toBytes());
        assertThat(restored.open()).isTrue();
        assertThat(restored.silenced()).isEqualTo(80);
        assertThat(restored.observe(gap(3, 0))).isEmpty();
        assertThat(restored.observe(ok(4, 0))).isEmpty();
        assertThat(restored.observe(ok(3, 3))).get().extracting(AlertEvent::endedAt).isEqualTo(at(4));
    }

    @Test
    void shouldRoundTripASummaryThroughItsPointAndRejectOtherPoints() {
        final FeedSummary summary = gap(7, 2);
        assertThat(FeedSummary.fromPoint(summary.toPoint())).isEqualTo(summary);
        final var other = summary.toPoint();
        other.setEntity("AS100");
        assertThat(FeedSummary.fromPoint(other)).isNull();
    }
}
