package org.outagewatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagewatch.detector.topology.DetectorFixture.at;
import static org.outagewatch.detector.topology.DetectorFixture.probe;
import static org.outagewatch.detector.topology.DetectorFixture.sample;

import java.util.List;
import java.util.function.IntPredicate;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.feedhealth.FeedSummary;
import org.outagewatch.detector.signals.FoldedSignal;
import org.outagewatch.detector.signals.SignalFoldProcessor;
import org.outagewatch.schemas.AlertSeverity;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.SignalPoint;

class FeedHealthTest {
    private static final String PROBE = FoldedSignal.PROBE_REACHABLE.id();
    private static final String TRAFFIC = FoldedSignal.TRAFFIC_VOLUME.id();
    private static final String PROBE_FEED = FeedSummary.entityOf(PROBE) + "|" + FeedSummary.SIGNAL;
    private static final int NETWORKS = (int) SignalFoldProcessor.DEFAULT_STALL_MIN_SERIES + 1;

    private final DetectorFixture fixture = new DetectorFixture(DetectorSettings.defaults());

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Every minute in [from, to): each network sends a probe when {@code probes} says so, and a traffic sample. */
    private void minutes(final int from, final int to, final int networks, final IntPredicate probes) {
        for (int minute = from; minute < to; minute++) {
            for (int asn = 100; asn < 100 + networks; asn++) {
                if (probes.test(minute)) {
                    fixture.pipe(probe(asn, ProbeOutcome.OK, at(minute)));
                }
                fixture.pipe(sample(asn, 1_000, at(minute)));
            }
        }
    }

    private List<KeyValue<String, SignalPoint>> allPoints() {
        return fixture.points.readKeyValuesToList();
    }

    private static List<String> series(final List<KeyValue<String, SignalPoint>> points, final String signal) {
        return points.stream().filter(kv -> !FeedSummary.isFeed(kv.value.getEntity()))
                .filter(kv -> kv.value.getSignal().equals(signal))
                .map(kv -> kv.value.getEntity() + "@" + kv.value.getWindowStart() + "=" + kv.value.getCoverage()).toList();
    }

    @Test
    void shouldHoldBackTheZeroPointsOfAStalledProbeFeedAndRaiseOneFeedAlertWhileTrafficFlows() {
        // probes stop for every network from 0:30 to 1:00 (traffic goes on, in tasks of its own); the probe windows
        // of the pause close when probes return, as a gap
        minutes(0, 80, NETWORKS, minute -> minute < 30 || minute >= 60);
        final List<KeyValue<String, SignalPoint>> points = allPoints();

        assertThat(series(points, PROBE)).noneMatch(p -> p.endsWith("=0"));
        assertThat(series(points, PROBE)).filteredOn(p -> p.startsWith("AS100@")).hasSize(6 + 3);
        assertThat(series(points, TRAFFIC)).filteredOn(p -> p.startsWith("AS100@")).hasSize(15);
        final List<SignalPoint> summaries = points.stream().filter(kv -> kv.key.equals(PROBE_FEED)).map(kv -> kv.value).toList();
        assertThat(summaries).extracting(s -> s.getWindowStart() + " " + (long) s.getValue() + "/" + s.getCoverage()
                        + " gap=" + s.getBreakdown().get(FeedSummary.GAP))
                .contains(at(25) + " 6/6 gap=0", at(30) + " 0/6 gap=1", at(55) + " 0/6 gap=1", at(60) + " 6/6 gap=0");

        final List<KeyValue<String, OutageAlert>> alerts = fixture.alerts.readKeyValuesToList();
        assertThat(alerts).extracting(kv -> kv.key).containsOnly(PROBE_FEED);
        assertThat(alerts).extracting(kv -> kv.value.getStatus()).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        final OutageAlert open = alerts.get(0).value;
        assertThat(open.getEntity()).isEqualTo("feed/" + PROBE);
        assertThat(open.getSeverity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(open.getStartedAt()).isEqualTo(at(30));
        assertThat(open.getExpected()).isEqualTo(NETWORKS);
        assertThat(open.getObserved()).isZero();
        final OutageAlert resolved = alerts.get(1).value;
        assertThat(resolved.getAlertId()).isEqualTo(open.getAlertId());
        assertThat(resolved.getEndedAt()).isEqualTo(at(60));
        assertThat(resolved.getDurationMinutes()).isEqualTo(30.0);
    }

    @Test
    void shouldTreatAWholeInputPauseAsAStalledFeedWhenItResumes() {
        // nothing at all for 45 minutes: the gap's windows close only when records come back
        minutes(0, 30, NETWORKS, minute -> true);
        minutes(75, 90, NETWORKS, minute -> true);
        final List<KeyValue<String, SignalPoint>> points = allPoints();
        assertThat(series(points, PROBE)).noneMatch(p -> p.endsWith("=0"));
        assertThat(series(points, TRAFFIC)).noneMatch(p -> p.endsWith("=0"));
        final List<KeyValue<String, OutageAlert>> alerts = fixture.alerts.readKeyValuesToList();
        assertThat(alerts).extracting(kv -> kv.value.getEntity() + " " + kv.value.getStatus() + " " + kv.value.getStartedAt()
                        + ".." + kv.value.getEndedAt())
                .containsExactlyInAnyOrder("feed/" + PROBE + " OPEN " + at(30) + "..null",
                        "feed/" + PROBE + " RESOLVED " + at(30) + ".." + at(75),
                        "feed/" + TRAFFIC + " OPEN " + at(30) + "..null",
                        "feed/" + TRAFFIC + " RESOLVED " + at(30) + ".." + at(75));
    }

    @Test
    void shouldKeepTheZeroPointsOfOneSilentNetworkAmongOthers() {
        for (int minute = 0; minute < 40; minute++) {
            for (int asn = 100; asn < 100 + NETWORKS; asn++) {
                if (asn != 100 || minute < 20) {
                    fixture.pipe(probe(asn, ProbeOutcome.OK, at(minute)));
                }
            }
        }
        assertThat(series(allPoints(), PROBE)).filteredOn(p -> p.startsWith("AS100@"))
                .containsExactly("AS100@" + at(0) + "=5", "AS100@" + at(5) + "=5", "AS100@" + at(10) + "=5",
                        "AS100@" + at(15) + "=5", "AS100@" + at(20) + "=0", "AS100@" + at(25) + "=0", "AS100@" + at(30) + "=0");
        assertThat(fixture.alerts.isEmpty()).isTrue();
    }

    @Test
    void shouldReportTooFewSilentNetworksAsSilenceNotAsAStalledFeed() {
        final int few = (int) SignalFoldProcessor.DEFAULT_STALL_MIN_SERIES - 1;
        for (int minute = 0; minute < 40; minute++) {
            for (int asn = 100; asn < 100 + few; asn++) {
                if (minute < 20) {
                    fixture.pipe(probe(asn, ProbeOutcome.OK, at(minute)));
                }
            }
            // a service test (same topic, same tasks) keeps the probe tasks' stream time moving
            fixture.pipe(ProbeResult.newBuilder(probe(200, ProbeOutcome.OK, at(minute))).setService("example.org").build());
        }
        final List<String> probePoints = series(allPoints(), PROBE);
        assertThat(probePoints).filteredOn(p -> p.endsWith("=0")).hasSize(few * 3);
        assertThat(fixture.alerts.isEmpty()).isTrue();
    }
}
