package org.outagewatch.detector.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.Test;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.testing.DetectorDriver;
import org.outagewatch.schemas.AlertSeverity;
import org.outagewatch.schemas.AlertStatus;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.ConnectionEventType;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.TrafficSample;
import org.outagewatch.schemas.config.Settings;

class EventTimeExtractorTest {
    private static final Instant T0 = Instant.parse("2020-05-17T00:00:00Z");
    /** When a broker with LogAppendTime topics would have stamped the replay: years after the events. */
    private static final Instant INGESTED = Instant.parse("2026-12-03T09:00:00Z");
    private static final long RECORD_TIME = 42L;
    private static final int DAY_MINUTES = 24 * 60;

    private static Instant at(final int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    private static long extract(final Object value) {
        final ConsumerRecord<Object, Object> record = new ConsumerRecord<>("t", 0, 0, RECORD_TIME,
                TimestampType.LOG_APPEND_TIME, 0, 0, "k", value, new RecordHeaders(), Optional.empty());
        return new EventTimeExtractor().extract(record, -1);
    }

    @Test
    void shouldReadTheEventTimeOfEachValueTypeFromItsPayload() {
        assertThat(extract(sample(100, 1, at(3)))).isEqualTo(at(3).toEpochMilli());
        assertThat(extract(ConnectionEvent.newBuilder().setSource(MeasurementSource.SYNTHETIC).setProbeId(7).setAsn(100L)
                .setEvent(ConnectionEventType.DISCONNECT).setOccurredAt(at(4)).build())).isEqualTo(at(4).toEpochMilli());
        final SignalPoint point = SignalPoint.newBuilder().setEntity("AS100").setSignal("traffic.volume")
                .setWindowStart(at(5)).setWindowEnd(at(10)).setValue(1).setCoverage(1).build();
        assertThat(extract(point)).isEqualTo(at(5).toEpochMilli());
        final OutageAlert alert = OutageAlert.newBuilder().setAlertId("a").setEntity("AS100").setSignal("s")
                .setStatus(AlertStatus.OPEN).setSeverity(AlertSeverity.CRITICAL).setStartedAt(at(5)).setWindowStart(at(5))
                .setWindowEnd(at(10)).setExpected(1).setObserved(0).setScore(0).setCoverage(0).build();
        assertThat(extract(alert)).isEqualTo(at(10).toEpochMilli());
        // anything else keeps the record's own timestamp: metadata, internal types, tombstones
        assertThat(extract(AsnInfo.newBuilder().setAsn(100).setName("Test").setSource("test").build())).isEqualTo(RECORD_TIME);
        assertThat(extract("internal")).isEqualTo(RECORD_TIME);
        assertThat(extract(null)).isEqualTo(RECORD_TIME);
    }

    @Test
    void shouldBeTheDefaultExtractorOfTheDetectorAndOfItsTestDrivers() {
        final Settings settings = Settings.of(Map.of(Settings.SCHEMA_REGISTRY_URL, "mock://extractor-config"));
        assertThat(DetectorApp.streamsProperties(settings, DetectorApp.catalog(settings)))
                .containsEntry(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, EventTimeExtractor.class.getName());
    }

    /**
     * Within one task every stage reads its times from the payloads, so a Kafka timestamp of ingestion (what
     * LogAppendTime topics give) changes nothing; across partitions on a broker the extractor is what orders a task's
     * inputs by event time (HistorySurvivesTheBrokerIntegrationTest).
     */
    @Test
    void shouldRaiseTheSameAlertsWhenTheKafkaTimestampIsTheIngestionTime() {
        final List<OutageAlert> byEventTime = run(false);
        final List<OutageAlert> byIngestionTime = run(true);

        assertThat(byEventTime).extracting(OutageAlert::getStatus).containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
        assertThat(byIngestionTime).isEqualTo(byEventTime);
    }

    /** A day and a half of traffic of two networks, one silent for half an hour, stamped by event or ingestion time. */
    private static List<OutageAlert> run(final boolean stampIngestionTime) {
        try (DetectorDriver harness = DetectorDriver.start("extractor", Map.of("application.id", "extractor-test"),
                settings -> DetectorSettings.defaults(), INGESTED)) {
            final TestInputTopic<String, TrafficSample> traffic = harness.input(harness.topics.trafficSamples());
            final int outageStart = DAY_MINUTES + 6 * 60;
            long sent = 0;
            for (int minute = 0; minute < DAY_MINUTES + 9 * 60; minute++) {
                for (final long asn : new long[] {100, 200}) {
                    if (asn == 100 && minute >= outageStart && minute < outageStart + 30) {
                        continue;
                    }
                    final TrafficSample sample = sample(asn, Math.round(1e6 * (1 + 0.3 * Math.sin(2 * Math.PI * minute
                            / DAY_MINUTES))), at(minute));
                    traffic.pipeInput("AS" + asn, sample, stampIngestionTime ? INGESTED.plusMillis(sent++) : at(minute));
                }
            }
            return harness.output(harness.topics.outageAlerts()).readValuesToList();
        }
    }

    private static TrafficSample sample(final long asn, final long bytes, final Instant when) {
        return TrafficSample.newBuilder().setSource(MeasurementSource.SYNTHETIC).setAsn(asn).setIntervalStart(when)
                .setIntervalSeconds(60).setBytes(bytes).setPackets(bytes / 1000).build();
    }
}
