package org.outagewatch.deploy.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.streams.StreamsConfig;
import org.outagewatch.deploy.console.FeedEvent;
import org.outagewatch.deploy.console.FeedReader;
import org.outagewatch.deploy.demo.DemoWorld;
import org.outagewatch.detector.app.DetectorApp;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.ingest.publish.BatchPolicy;
import org.outagewatch.ingest.publish.EventPublisher;
import org.outagewatch.ingest.publish.TopicSetup;
import org.outagewatch.ingest.synthetic.WorldGenerator;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.IncidentStatus;
import org.outagewatch.schemas.OutageAlert;
import org.outagewatch.schemas.config.Settings;
import org.outagewatch.schemas.topic.TopicCatalog;

/**
 * Alert latency at the demo's live rate: the demo's world (history published first, the detector caught up),
 * then published live in accelerated time ({@code speed} simulated seconds a second, outages injected) while the
 * detector (exactly-once) runs and a read-committed consumer follows {@code outage-alerts} and {@code incidents}.
 * <p>The latency of an alert is the wall-clock time from the sending of the first input record that closes its
 * window (event time at or past the window's end plus the grace: the record after which the detector has all it
 * needs) to the alert's arrival at the consumer, committed. An incident's is the same for the window of the first
 * alert in it (OPEN incidents) or of its last alert (RESOLVED). Prints p50, p95, p99 and the maximum, for all
 * alerts and apart for alerts of networks (one hop through signal-points) and of the rest: countries (which wait for every
 * stage-1 task's progress marker and pass the rollup's repartition topic and signal-points again).
 */
public final class LatencyBenchmark {
    private static final Duration TICK = Duration.ofMillis(100);
    private static final Duration DRAIN = Duration.ofSeconds(20);

    private final Settings settings;
    private final PrintWriter out;

    public LatencyBenchmark(final Settings settings, final PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** Percentiles of one kind of output, in milliseconds. */
    public record Latencies(int count, long p50, long p95, long p99, long max) {
        static Latencies of(final List<Long> millis) {
            final List<Long> sorted = new ArrayList<>(millis);
            sorted.sort(null);
            return new Latencies(sorted.size(), at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99),
                    sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1));
        }

        private static long at(final List<Long> sorted, final double q) {
            return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
        }

        @Override
        public String toString() {
            return count == 0 ? "none" : String.format(Locale.ROOT, "%d: p50 %,d ms  p95 %,d ms  p99 %,d ms  max %,d ms",
                    count, p50, p95, p99, max);
        }
    }

    public record Result(Latencies alerts, Latencies networkAlerts, Latencies otherAlerts, Latencies incidents) {
    }

    public Result run(final int asns, final double speed, final Duration live) throws Exception {
        final DemoWorld world = DemoWorld.create(42, asns, Duration.ofHours(30));
        final TopicCatalog catalog = DetectorApp.catalog(settings);
        try (Admin admin = Admin.create(settings.kafkaConfig())) {
            TopicSetup.ensure(admin, catalog, (short) 1);
        }
        final long grace = DetectorSettings.from(settings).grace().toMillis();
        final WorldGenerator generator = new WorldGenerator(world.spec());
        final String applicationId = "outagewatch-latency-" + Instant.now().toEpochMilli();
        // event time -> wall-clock nanos of the tick that first sent an event at or past it
        final ConcurrentSkipListMap<Long, Long> sentAt = new ConcurrentSkipListMap<>();
        final Map<String, AlertWindows> alertWindowEnds = new HashMap<>();
        final List<Long> alertLatencies = new ArrayList<>();
        final List<Long> networkLatencies = new ArrayList<>();
        final List<Long> restLatencies = new ArrayList<>();
        final List<Long> incidentLatencies = new ArrayList<>();
        final long[] liveFrom = new long[1];
        try (EventPublisher publisher = new EventPublisher(settings.kafkaConfig(), catalog, BatchPolicy.from(settings));
             DetectorApp app = new DetectorApp(settings.with(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, applicationId)))) {
            for (final AsnInfo info : generator.asnInfos()) {
                publisher.send(catalog.asnMetadata(), "AS" + info.getAsn(), info, world.start());
            }
            final long history = generator.generate(world.start(), world.historyEnd(), publisher::publish);
            publisher.flush();
            out.printf(Locale.ROOT, "history: %,d events (%s of %d networks); the detector catches up ...%n", history,
                    world.history(), asns);
            out.flush();
            app.start();
            final AtomicBoolean following = new AtomicBoolean(true);
            final FeedReader reader = new FeedReader(settings.kafkaConfig(), catalog.outageAlerts(), catalog.incidents(), null);
            reader.assign(new FeedReader.Start.End(), Duration.ofSeconds(30));
            liveFrom[0] = world.historyEnd().toEpochMilli();
            final Thread follower = new Thread(() -> {
                try {
                    while (following.get()) {
                        for (final FeedEvent event : reader.poll(Duration.ofMillis(50))) {
                            final long now = System.nanoTime();
                            synchronized (alertLatencies) {
                                final Optional<Long> alert = record(event, now, grace, sentAt, alertWindowEnds,
                                        alertLatencies, incidentLatencies, liveFrom[0]);
                                if (alert.isPresent() && event instanceof FeedEvent.AlertEvent a) {
                                    // the alert was measured: file it by its entity too
                                    (a.alert().getEntity().startsWith("AS") ? networkLatencies : restLatencies).add(alert.get());
                                }
                            }
                        }
                    }
                } catch (WakeupException e) {
                    // stopped
                }
            }, "latency-follower");
            follower.start();
            try {
                awaitCaughtUp(app, applicationId);
                out.printf(Locale.ROOT, "live: %s at %.0fx (%s of simulated time a second), outages injected ...%n",
                        live, speed, Duration.ofMillis((long) (speed * 1000)));
                out.flush();
                final Duration step = Duration.ofMillis((long) (speed * TICK.toMillis()));
                Instant clock = world.historyEnd();
                final long stop = System.nanoTime() + live.toNanos();
                long nextTick = System.nanoTime();
                while (System.nanoTime() < stop) {
                    final Instant next = clock.plus(step);
                    final long tickStart = System.nanoTime();
                    generator.generate(clock, next, event -> {
                        sentAt.putIfAbsent(event.eventTime().toEpochMilli(), tickStart);
                        publisher.publish(event);
                    });
                    publisher.flush();
                    clock = next;
                    nextTick += TICK.toNanos();
                    final long sleep = nextTick - System.nanoTime();
                    if (sleep > 0) {
                        TimeUnit.NANOSECONDS.sleep(sleep);
                    }
                }
                Thread.sleep(DRAIN.toMillis());
            } finally {
                following.set(false);
                reader.wakeup();
                follower.join(10_000);
                reader.close();
            }
        }
        synchronized (alertLatencies) {
            final Result result = new Result(Latencies.of(alertLatencies), Latencies.of(networkLatencies),
                    Latencies.of(restLatencies), Latencies.of(incidentLatencies));
            out.printf(Locale.ROOT, "alert latency     %s%n", result.alerts());
            out.printf(Locale.ROOT, "  of networks     %s%n", result.networkAlerts());
            out.printf(Locale.ROOT, "  of the rest     %s  (countries, feeds: after the rollup's extra hops)%n",
                    result.otherAlerts());
            out.printf(Locale.ROOT, "incident latency  %s%n", result.incidents());
            out.flush();
            return result;
        }
    }

    /** The window end of an alert's first event (its OPEN) and of its latest one. */
    private record AlertWindows(long first, long last) {
    }

    /**
     * Records the latency of one alert or incident event whose closing record was sent in the live phase; returns an
     * alert's latency when it was measured.
     */
    private static Optional<Long> record(final FeedEvent event, final long receivedNanos, final long grace,
                               final NavigableMap<Long, Long> sentAt, final Map<String, AlertWindows> alertWindowEnds,
                               final List<Long> alerts, final List<Long> incidents, final long liveFrom) {
        if (event instanceof FeedEvent.AlertEvent a) {
            final OutageAlert alert = a.alert();
            final long windowEnd = alert.getWindowEnd().toEpochMilli();
            alertWindowEnds.merge(alert.getAlertId(), new AlertWindows(windowEnd, windowEnd),
                    (seen, now) -> new AlertWindows(seen.first(), now.last()));
            final Optional<Long> latency = closing(sentAt, windowEnd + grace, liveFrom)
                    .map(sent -> (receivedNanos - sent) / 1_000_000);
            latency.ifPresent(alerts::add);
            return latency;
        }
        if (event instanceof FeedEvent.IncidentEvent i && i.incident().getStatus() != IncidentStatus.UPDATE
                && !i.incident().getAlertIds().isEmpty()) {
            final List<String> ids = i.incident().getAlertIds();
            final AlertWindows opening = alertWindowEnds.get(ids.get(0));
            final Long windowEnd = i.incident().getStatus() == IncidentStatus.OPEN ? (opening == null ? null : opening.first())
                    : ids.stream().map(alertWindowEnds::get).filter(java.util.Objects::nonNull).map(AlertWindows::last)
                    .max(Long::compare).orElse(null);
            if (windowEnd != null) {
                closing(sentAt, windowEnd + grace, liveFrom).ifPresent(sent -> incidents.add((receivedNanos - sent) / 1_000_000));
            }
        }
        return Optional.empty();
    }

    /** When the first record at or past {@code closesAt} was sent, if it was sent live. */
    private static Optional<Long> closing(final NavigableMap<Long, Long> sentAt, final long closesAt, final long liveFrom) {
        if (closesAt < liveFrom) {
            return Optional.empty();
        }
        // ticks publish consecutive ranges of event time: the first event at or past closesAt was in the earliest tick
        final Map.Entry<Long, Long> first = sentAt.ceilingEntry(closesAt);
        return first == null ? Optional.empty() : Optional.of(first.getValue());
    }

    private void awaitCaughtUp(final DetectorApp app, final String applicationId) throws Exception {
        final long deadline = System.nanoTime() + EndToEndBenchmark.DETECTOR_LIMIT.toNanos();
        try (Admin admin = Admin.create(settings.kafkaConfig())) {
            final TopicCatalog catalog = DetectorApp.catalog(settings);
            final var ends = EndToEndBenchmark.endOffsets(admin, List.of(catalog.probeResults().name(), catalog.trafficSamples().name()));
            while (System.nanoTime() < deadline) {
                final var committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                boolean done = true;
                for (final var end : ends.entrySet()) {
                    final var offset = committed.get(end.getKey());
                    done &= offset != null && offset.offset() >= end.getValue();
                }
                if (done) {
                    return;
                }
                if (app.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("The detector failed while catching up; see its log");
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("The detector did not catch up with the history within "
                + EndToEndBenchmark.DETECTOR_LIMIT.toMinutes() + " minutes");
    }
}
