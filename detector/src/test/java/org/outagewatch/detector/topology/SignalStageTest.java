package org.outagewatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagewatch.detector.topology.DetectorFixture.at;
import static org.outagewatch.detector.topology.DetectorFixture.probe;
import static org.outagewatch.detector.topology.DetectorFixture.sample;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.feedhealth.FeedSummary;
import org.outagewatch.detector.signals.FoldedSignal;
import org.outagewatch.detector.signals.SignalFoldProcessor;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.SignalPoint;

class SignalStageTest {
    private static final String PROBE = FoldedSignal.PROBE_REACHABLE.id();
    private static final String TRAFFIC = FoldedSignal.TRAFFIC_VOLUME.id();

    private DetectorFixture fixture = new DetectorFixture(DetectorSettings.defaults());

    @AfterEach
    void close() {
        fixture.close();
    }

    /** The series points (the feed summaries that stage 1 also writes are tested in FeedHealthTest). */
    private List<KeyValue<String, SignalPoint>> points() {
        return fixture.points.readKeyValuesToList().stream().filter(kv -> !FeedSummary.isFeed(kv.value.getEntity())).toList();
    }

    @Test
    void shouldEmitTheShareOfOkProbesWhenStreamTimePassesWindowEndPlusGrace() {
        fixture.pipe(probe(100, ProbeOutcome.OK, at(1)));
        fixture.pipe(probe(100, ProbeOutcome.OK, at(2)));
        fixture.pipe(probe(100, ProbeOutcome.TIMEOUT, at(3)));
        fixture.pipe(probe(100, ProbeOutcome.OK, at(4)));
        // stream time 5:59 is still within the grace of window [0, 5)
        fixture.pipe(probe(100, ProbeOutcome.OK, at(5.99)));
        assertThat(points()).isEmpty();
        // stream time 6:00 = window end + grace: the window closes
        fixture.pipe(probe(100, ProbeOutcome.OK, at(6)));
        final List<KeyValue<String, SignalPoint>> out = points();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo("AS100|" + PROBE);
        final SignalPoint point = out.get(0).value;
        assertThat(point.getEntity()).isEqualTo("AS100");
        assertThat(point.getSignal()).isEqualTo(PROBE);
        assertThat(point.getWindowStart()).isEqualTo(at(0));
        assertThat(point.getWindowEnd()).isEqualTo(at(5));
        assertThat(point.getValue()).isEqualTo(0.75);
        assertThat(point.getCoverage()).isEqualTo(4);
    }

    @Test
    void shouldSumTrafficBytesPerAsnAndWindow() {
        fixture.pipe(sample(200, 1_000, at(0)));
        fixture.pipe(sample(200, 2_000, at(1)));
        fixture.pipe(sample(300, 5_000, at(2)));
        fixture.pipe(sample(200, 4_000, at(7)));
        // moves stream time to 11 min: windows [0, 5) and [5, 10) close
        fixture.pipe(sample(300, 1, at(11)));
        final List<KeyValue<String, SignalPoint>> out = points();
        assertThat(out).extracting(kv -> kv.key + "@" + kv.value.getWindowStart() + "=" + kv.value.getValue() + "/" + kv.value.getCoverage())
                .containsExactlyInAnyOrder(
                        "AS200|" + TRAFFIC + "@" + at(0) + "=3000.0/2",
                        "AS300|" + TRAFFIC + "@" + at(0) + "=5000.0/1",
                        "AS200|" + TRAFFIC + "@" + at(5) + "=4000.0/1",
                        "AS300|" + TRAFFIC + "@" + at(5) + "=0.0/0");
    }

    @Test
    void shouldEmitZeroPointsWhileAnActiveEntityIsSilentAndForgetItAfterTheHorizon() {
        fixture.close();
        fixture = new DetectorFixture(withHorizon(Duration.ofMinutes(15)));
        fixture.pipe(sample(100, 500, at(1)));
        for (int minute = 1; minute <= 41; minute += 5) {
            fixture.pipe(sample(200, 700, at(minute)));
        }
        final List<SignalPoint> as100 = points().stream().filter(kv -> kv.key.startsWith("AS100|")).map(kv -> kv.value).toList();
        // seen at 0:01; zero points for windows ending within 15 min of that, then nothing
        assertThat(as100).extracting(p -> p.getWindowStart() + "=" + p.getValue() + "/" + p.getCoverage())
                .containsExactly(at(0) + "=500.0/1", at(5) + "=0.0/0", at(10) + "=0.0/0");
        // it comes back: a new series, whose first window is the one it returns in (then zeros again)
        fixture.pipe(sample(100, 900, at(42)));
        fixture.pipe(sample(200, 700, at(51)));
        assertThat(points().stream().filter(kv -> kv.key.startsWith("AS100|")).map(kv -> kv.value.getWindowStart() + "=" + kv.value.getValue()))
                .containsExactly(at(40) + "=900.0", at(45) + "=0.0");
    }

    @Test
    void shouldEmitTheWindowsThatOneRecordClosesWindowByWindow() {
        fixture.pipe(sample(100, 500, at(1)));
        fixture.pipe(sample(200, 700, at(2)));
        fixture.pipe(sample(100, 500, at(6)));
        fixture.pipe(sample(200, 700, at(7)));
        // one record moves stream time past three windows
        fixture.pipe(sample(100, 500, at(16)));
        assertThat(points()).extracting(kv -> kv.value.getWindowStart() + " " + kv.value.getEntity())
                .containsExactly(at(0) + " AS100", at(0) + " AS200", at(5) + " AS100", at(5) + " AS200",
                        at(10) + " AS100", at(10) + " AS200");
    }

    @Test
    void shouldCountOutOfOrderRecordsWithinTheGrace() {
        fixture.pipe(probe(100, ProbeOutcome.OK, at(4)));
        fixture.pipe(probe(100, ProbeOutcome.TIMEOUT, at(5.5)));
        // out of order, but window [0, 5) is open until stream time 6:00
        fixture.pipe(probe(100, ProbeOutcome.OK, at(3)));
        fixture.pipe(probe(100, ProbeOutcome.OK, at(6)));
        final List<KeyValue<String, SignalPoint>> out = points();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).value.getCoverage()).isEqualTo(2);
        assertThat(out.get(0).value.getValue()).isEqualTo(1.0);
        assertThat(fixture.metric(SignalFoldProcessor.LATE_RECORDS + "-total")).isZero();
    }

    @Test
    void shouldCountAndSkipRecordsLaterThanTheGrace() {
        fixture.pipe(probe(100, ProbeOutcome.OK, at(1)));
        fixture.pipe(probe(100, ProbeOutcome.OK, at(12)));
        // window [0, 5) closed at stream time 6:00
        fixture.pipe(probe(100, ProbeOutcome.TIMEOUT, at(3)));
        fixture.pipe(probe(100, ProbeOutcome.OK, at(21)));
        final List<SignalPoint> out = points().stream().map(kv -> kv.value).toList();
        assertThat(out).extracting(p -> p.getWindowStart() + "=" + p.getValue() + "/" + p.getCoverage())
                .containsExactly(at(0) + "=1.0/1", at(5) + "=0.0/0", at(10) + "=1.0/1", at(15) + "=0.0/0");
        assertThat(fixture.metric(SignalFoldProcessor.LATE_RECORDS + "-total")).isEqualTo(1.0);
    }

    @Test
    void shouldCountDuplicatedInputAsObservedAndEmitEachWindowOnce() {
        final var repeated = probe(100, ProbeOutcome.TIMEOUT, at(2));
        fixture.pipe(probe(100, ProbeOutcome.OK, at(1)));
        fixture.pipe(repeated);
        fixture.pipe(repeated);
        fixture.pipe(probe(100, ProbeOutcome.OK, at(7)));
        fixture.pipe(probe(100, ProbeOutcome.OK, at(7)));
        final List<SignalPoint> out = points().stream().map(kv -> kv.value).toList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getCoverage()).isEqualTo(3);
        assertThat(out.get(0).getValue()).isEqualTo(1.0 / 3);
    }

    @Test
    void shouldUseTheVantageAsnWhenTheTargetAsnIsUnknownAndSkipServiceTests() {
        final var noTarget = probe(100, ProbeOutcome.OK, at(1));
        noTarget.setTargetAsn(null);
        final var serviceTest = probe(100, ProbeOutcome.BLOCKPAGE, at(2));
        serviceTest.setService("twitter.com");
        fixture.pipe(noTarget);
        fixture.pipe(serviceTest);
        fixture.pipe(probe(100, ProbeOutcome.OK, at(6)));
        // the service test is the service folder's: its window closes by the same task clock, beside the probe's
        assertThat(points()).extracting(kv -> kv.key + "/" + kv.value.getCoverage())
                .containsExactly("AS64496|" + PROBE + "/1", "AS64496/twitter.com|service.accessible/1");
        assertThat(fixture.metric(SignalFoldProcessor.SKIPPED_RECORDS + "-total")).isEqualTo(1.0);
    }

    @Test
    void shouldSkipUnreadableRecordsCountThemAndContinue() {
        // the dead letter itself is checked by DeadLetterHandlerTest and DetectorIntegrationTest (the test driver
        // does not capture records a deserialization handler returns)
        fixture.pipe(probe(100, ProbeOutcome.OK, at(1)));
        fixture.rawProbes.pipeInput("AS100".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8), at(2));
        fixture.pipe(probe(100, ProbeOutcome.OK, at(6)));
        assertThat(fixture.metric("dropped-records-total")).isEqualTo(1.0);
        assertThat(points()).extracting(kv -> kv.value.getCoverage()).containsExactly(1L);
    }

    @Test
    void shouldWriteTheFoldedStateToItsChangelogAtEachCommit() {
        fixture.pipe(probe(100, ProbeOutcome.OK, at(1)));
        final var changelog = fixture.driver.createOutputTopic(
                "detector-test-" + DetectorTopology.PROBE_STORE + "-changelog", Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
        assertThat(changelog.readKeyValuesToList()).extracting(kv -> kv.key)
                .containsExactlyInAnyOrder("AS100|" + PROBE, "~clock");
    }

    private static DetectorSettings withHorizon(final Duration horizon) {
        final DetectorSettings d = DetectorSettings.defaults();
        return new DetectorSettings(d.windowSize(), d.grace(), horizon, d.warmUp(), d.warningRatio(), d.criticalRatio(),
                d.resolveRatio(), d.resolveWindows(), d.learnLow(), d.learnHigh(), d.levelShiftAfter(), d.minCoverage(),
                d.coverageGatedPrefixes(), d.profileAlpha(), d.levelAlpha());
    }
}
