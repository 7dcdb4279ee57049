package org.outagewatch.detector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.common.CheckedDeserializer;
import org.outagewatch.detector.testing.DetectorDriver;
import org.outagewatch.detector.testing.PoisonRecords;
import org.outagewatch.detector.testing.PoisonRecords.Poison;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.ProbeResultBatch;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.topic.Topic;

/**
 * Poison on every input topic of the detector's topology (issue 13, part 3): each case is dropped with its reason,
 * counted in Streams' {@code dropped-records-total}, and the good records after it are processed. The dead letter
 * itself (topic, partition, offset, reason) is read back from a real broker by PoisonInputIntegrationTest: the test
 * driver does not capture the records an exception handler returns.
 */
class PoisonInputTest {
    private DetectorDriver harness;
    private PoisonRecords poisons;

    @BeforeEach
    void start() {
        harness = DetectorDriver.start("poison", Map.of("application.id", "poison-test"), DetectorSettings::from,
                PoisonRecords.T0);
        poisons = new PoisonRecords(harness.topics);
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @TestFactory
    Stream<DynamicTest> shouldRefuseEveryPoisonWithItsReason() {
        return poisons.inputTopics().stream().flatMap(topic -> poisons.poisons(topic).stream())
                .map(poison -> DynamicTest.dynamicTest(poison.toString(), () -> {
                    final Topic<String, ?> topic = topicNamed(poison.topic());
                    final var checked = CheckedDeserializer.of(topic);
                    assertThatThrownBy(() -> checked.deserialize(poison.topic(), poison.value()))
                            .isInstanceOf(SerializationException.class)
                            .hasMessageContaining(poison.reason());
                }));
    }

    @Test
    void shouldDropAndCountEveryPoisonOnEveryInputTopicAndKeepProcessing() {
        int expected = 0;
        for (final Topic<String, ?> topic : poisons.inputTopics()) {
            final TestInputTopic<String, byte[]> raw = harness.driver.createInputTopic(topic.name(), new StringSerializer(),
                    new ByteArraySerializer());
            raw.pipeInput("AS100", poisons.good(topic, PoisonRecords.T0), PoisonRecords.T0);
            for (final Poison poison : poisons.poisons(topic)) {
                raw.pipeInput("AS100", poison.value(), PoisonRecords.T0);
                expected++;
                assertThat(harness.metric("dropped-records-total")).as(poison.toString()).isEqualTo(expected);
            }
            // good records after the poison: not dropped
            raw.pipeInput("AS100", poisons.good(topic, PoisonRecords.T0.plusSeconds(60)), PoisonRecords.T0.plusSeconds(60));
            assertThat(harness.metric("dropped-records-total")).as(topic.name() + " after the poison").isEqualTo(expected);
        }
        // and processed: probes and traffic of the good records close their windows into points
        final TestInputTopic<String, byte[]> probes = harness.driver.createInputTopic(harness.topics.probeResults().name(),
                new StringSerializer(), new ByteArraySerializer());
        final TestInputTopic<String, byte[]> traffic = harness.driver.createInputTopic(harness.topics.trafficSamples().name(),
                new StringSerializer(), new ByteArraySerializer());
        final Instant later = PoisonRecords.T0.plusSeconds(3600);
        probes.pipeInput("AS100", poisons.good(harness.topics.probeResults(), later), later);
        traffic.pipeInput("AS100", poisons.good(harness.topics.trafficSamples(), later), later);
        final TestOutputTopic<String, SignalPoint> points = harness.output(harness.topics.signalPoints());
        final List<String> first = points.readValuesToList().stream()
                .filter(p -> p.getEntity().equals("AS100") && p.getWindowStart().equals(PoisonRecords.T0))
                .map(p -> p.getSignal() + "/" + p.getCoverage()).toList();
        assertThat(first).containsExactlyInAnyOrder("probe.reachable/2", "traffic.volume/2");
        assertThat(harness.metric("dropped-records-total")).isEqualTo(expected);
    }

    @Test
    void shouldFoldEveryEventOfABatchAndRefuseABatchWithAPoisonedEventWhole() {
        final String topic = harness.topics.probeResults().name();
        final Serializer<ProbeResultBatch> batches = harness.topics.batches().probeBatches();
        final TestInputTopic<String, byte[]> raw = harness.driver.createInputTopic(topic, new StringSerializer(),
                new ByteArraySerializer());
        final ProbeResult bad = PoisonRecords.probe(100, PoisonRecords.T0.plusSeconds(5));
        bad.setRttMillis(-5.0);
        final byte[] poisoned = batches.serialize(topic, new ProbeResultBatch(List.of(
                PoisonRecords.probe(100, PoisonRecords.T0), bad)));
        assertThatThrownBy(() -> CheckedDeserializer.probeInput(harness.topics).deserialize(topic, poisoned))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("event 1 of 2 in the batch").hasMessageContaining("rttMillis");
        raw.pipeInput("AS100", poisoned, PoisonRecords.T0);
        assertThat(harness.metric("dropped-records-total")).isEqualTo(1);

        raw.pipeInput("AS100", batches.serialize(topic, new ProbeResultBatch(List.of(
                PoisonRecords.probe(100, PoisonRecords.T0.plusSeconds(10)),
                PoisonRecords.probe(100, PoisonRecords.T0.plusSeconds(20)),
                PoisonRecords.probe(100, PoisonRecords.T0.plusSeconds(30))))), PoisonRecords.T0);
        final Instant later = PoisonRecords.T0.plusSeconds(3600);
        raw.pipeInput("AS100", poisons.good(harness.topics.probeResults(), later), later);
        final List<Long> coverage = harness.output(harness.topics.signalPoints()).readValuesToList().stream()
                .filter(p -> p.getEntity().equals("AS100") && p.getWindowStart().equals(PoisonRecords.T0))
                .map(SignalPoint::getCoverage).toList();
        assertThat(coverage).containsExactly(3L);
        assertThat(harness.metric("dropped-records-total")).isEqualTo(1);
    }

    @Test
    void shouldKeepTheTombstonesOfTheCompactedMetadataTable() {
        harness.driver.createInputTopic(harness.topics.asnMetadata().name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("AS100", (byte[]) null);
        assertThat(harness.metric("dropped-records-total")).isZero();
    }

    private Topic<String, ?> topicNamed(final String name) {
        return poisons.inputTopics().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }
}
