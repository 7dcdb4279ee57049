package org.outagewatch.ingest.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.TrafficSample;

class WorldGeneratorTest {
    private static final Instant T0 = WorldSpec.DEFAULT_START;
    private static final WorldSpec SMALL = WorldSpec.defaults().withAsnCount(8).withPeriod(T0, at(6 * 60)).withWarmUp(Duration.ofHours(1));

    private static Instant at(final long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    private static List<WorldEvent> events(final WorldSpec spec, final Instant from, final Instant to) {
        final List<WorldEvent> out = new ArrayList<>();
        new WorldGenerator(spec).generate(from, to, out::add);
        return out;
    }

    private static List<WorldEvent> all(final WorldSpec spec) {
        return events(spec, spec.start(), spec.end());
    }

    @Test
    void shouldGenerateTheSameEventsFromTheSameSeed() {
        assertThat(all(SMALL)).isNotEmpty().isEqualTo(all(SMALL));
    }

    @Test
    void shouldGenerateOtherEventsFromAnotherSeed() {
        assertThat(all(SMALL.withSeed(7))).hasSameSizeAs(all(SMALL)).isNotEqualTo(all(SMALL));
    }

    @Test
    void shouldGenerateASliceAloneAsInsideALongerRun() {
        final WorldSpec spec = SMALL.withOutages(OutagePlan.of(new Outage(SyntheticAsn.asnAt(2), at(100), at(130), 0.5)));
        final Instant from = at(37).plusSeconds(13);
        final Instant to = at(143).plusMillis(250);

        final List<WorldEvent> slice = events(spec, from, to);
        final List<WorldEvent> inside = all(spec).stream()
                .filter(e -> !e.eventTime().isBefore(from) && e.eventTime().isBefore(to)).toList();

        assertThat(slice).isNotEmpty().isEqualTo(inside);
    }

    @Test
    void shouldEmitEventsInEventTimeOrder() {
        final List<WorldEvent> events = all(SMALL);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).eventTime()).isAfterOrEqualTo(events.get(i - 1).eventTime());
        }
    }

    @Test
    void shouldIterateTheSameEventsAsItGenerates() {
        final WorldGenerator generator = new WorldGenerator(SMALL);
        final List<WorldEvent> iterated = new ArrayList<>();
        final Iterator<WorldEvent> iterator = generator.iterator(at(5), at(65));
        iterator.forEachRemaining(iterated::add);

        assertThat(iterated).isEqualTo(events(SMALL, at(5), at(65)));
        assertThat(generator.stream(at(5), at(65)).count()).isEqualTo(iterated.size());
    }

    @Test
    void shouldEmitEveryTargetEachProbeIntervalAndEveryAsnEachTrafficInterval() {
        final List<WorldEvent> events = all(SMALL);
        final long minutes = Duration.between(SMALL.start(), SMALL.end()).toMinutes();
        final long trafficIntervals = minutes / SMALL.trafficInterval().toMinutes();

        assertThat(events.stream().filter(e -> e instanceof WorldEvent.Probe).count())
                .isEqualTo(minutes * SMALL.asnCount() * SMALL.probesPerAsn());
        assertThat(events.stream().filter(e -> e instanceof WorldEvent.Traffic).count())
                .isEqualTo(trafficIntervals * SMALL.asnCount());
    }

    @Test
    void shouldKeyEveryEventByTheEntityItInforms() {
        for (final WorldEvent event : all(SMALL)) {
            if (event instanceof WorldEvent.Probe probe) {
                final ProbeResult value = probe.value();
                assertThat(probe.key()).isEqualTo(SyntheticAsn.entityId(value.getTargetAsn()));
                assertThat(probe.eventTime()).isEqualTo(value.getMeasuredAt());
            } else {
                final TrafficSample value = (TrafficSample) event.value();
                assertThat(event.key()).isEqualTo(SyntheticAsn.entityId(value.getAsn()));
                assertThat(event.eventTime()).isEqualTo(value.getIntervalStart());
            }
        }
    }

    @Test
    void shouldShapeTrafficLowAtNightAndHighInTheEveningLocalTime() {
        final WorldSpec week = WorldSpec.defaults();
        final Map<Integer, Double> byLocalHour = trafficByLocalHour(week, Country.PAKISTAN, this::isWeekday);

        final double night = byLocalHour.get(4);
        final double evening = byLocalHour.get(21);
        assertThat(night / evening).isBetween(0.15, 0.4);
        assertThat(byLocalHour.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey())
                .isBetween(20, 22);
    }

    @Test
    void shouldMakeWeekendsDifferFromWeekdays() {
        final WorldSpec week = WorldSpec.defaults();
        final Map<Integer, Double> weekday = trafficByLocalHour(week, Country.GERMANY, this::isWeekday);
        final Map<Integer, Double> weekend = trafficByLocalHour(week, Country.GERMANY, t -> !isWeekday(t));

        assertThat(weekend.get(13) / weekday.get(13)).isGreaterThan(1.1);
        assertThat(weekend.get(7) / weekday.get(7)).isLessThan(0.85);
    }

    private boolean isWeekday(final LocalDateTime local) {
        return local.getDayOfWeek().getValue() <= 5;
    }

    /** Mean bytes of a sample per local hour of day over the networks of one country. */
    private static Map<Integer, Double> trafficByLocalHour(final WorldSpec spec, final Country country,
                                                           final Predicate<LocalDateTime> days) {
        final List<TrafficSample> samples = new ArrayList<>();
        new WorldGenerator(spec).generateAll(e -> {
            if (e instanceof WorldEvent.Traffic traffic && country.code().equals((traffic.value()).getCountry())) {
                samples.add(traffic.value());
            }
        });
        return samples.stream()
                .filter(s -> days.test(LocalDateTime.ofInstant(s.getIntervalStart(), country.utcOffset())))
                .collect(Collectors.groupingBy(s -> LocalDateTime.ofInstant(s.getIntervalStart(), country.utcOffset()).getHour(),
                        Collectors.averagingDouble(TrafficSample::getBytes)));
    }

    @Test
    void shouldScaleTrafficAndFailProbesDuringAnOutage() {
        final long fullAsn = SyntheticAsn.asnAt(1);
        final long partialAsn = SyntheticAsn.asnAt(4);
        final Outage full = new Outage(fullAsn, at(120), at(180), 1.0);
        final Outage partial = new Outage(partialAsn, at(120), at(240), 0.5);
        final WorldSpec quiet = SMALL;
        final WorldSpec broken = SMALL.withOutages(OutagePlan.of(full, partial));
        final List<WorldEvent> before = all(quiet);
        final List<WorldEvent> after = all(broken);

        assertThat(after).hasSameSizeAs(before);
        int partialProbes = 0;
        int partialFailures = 0;
        for (int i = 0; i < before.size(); i++) {
            final WorldEvent normal = before.get(i);
            final WorldEvent event = after.get(i);
            final Outage outage = broken.outages().at(asnOf(event), event.eventTime());
            if (outage == null) {
                assertThat(event).isEqualTo(normal);
            } else if (event instanceof WorldEvent.Traffic traffic) {
                final double ratio = (traffic.value()).getBytes() / (double) ((TrafficSample) normal.value()).getBytes();
                assertThat(ratio).isCloseTo(1.0 - outage.depth(), org.assertj.core.data.Offset.offset(1e-6));
            } else if (outage.depth() >= 1.0) {
                assertThat(((ProbeResult) event.value()).getOutcome()).isEqualTo(ProbeOutcome.TIMEOUT);
                assertThat(((ProbeResult) event.value()).getRttMillis()).isNull();
            } else {
                partialProbes++;
                if (((ProbeResult) event.value()).getOutcome() != ProbeOutcome.OK) {
                    partialFailures++;
                }
            }
        }
        assertThat(partialProbes).isEqualTo(120 * SMALL.probesPerAsn());
        assertThat(partialFailures / (double) partialProbes).isBetween(0.4, 0.6);
    }

    @Test
    void shouldScaleATrafficIntervalByTheShareOfItAnOutageCovers() {
        final long asn = SyntheticAsn.asnAt(0);
        final WorldSpec broken = SMALL.withOutages(OutagePlan.of(new Outage(asn, at(122), at(124), 1.0)));

        final TrafficSample normal = trafficAt(SMALL, asn, at(120));
        final TrafficSample cut = trafficAt(broken, asn, at(120));

        assertThat(cut.getBytes() / (double) normal.getBytes()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void shouldFailFewProbesOutsideOutages() {
        final List<ProbeResult> probes = all(SMALL).stream().filter(e -> e instanceof WorldEvent.Probe)
                .map(e -> (ProbeResult) e.value()).toList();
        final double failures = probes.stream().filter(p -> p.getOutcome() != ProbeOutcome.OK).count() / (double) probes.size();

        assertThat(failures).isBetween(0.003, 0.025);
        assertThat(probes.stream().filter(p -> p.getOutcome() == ProbeOutcome.OK))
                .allSatisfy(p -> assertThat(p.getRttMillis()).isPositive());
    }

    @Test
    void shouldDescribeEveryNetworkAsMetadata() {
        final WorldGenerator generator = new WorldGenerator(WorldSpec.defaults());

        assertThat(generator.asnInfos()).hasSize(WorldSpec.DEFAULT_ASNS);
        assertThat(generator.asnInfos().stream().map(i -> i.getCountry()).distinct()).hasSize(Country.DEFAULTS.size());
        assertThat(generator.asnInfos()).allSatisfy(i -> assertThat(i.getAsn()).isGreaterThanOrEqualTo(SyntheticAsn.FIRST_PRIVATE_ASN));
    }

    private static TrafficSample trafficAt(final WorldSpec spec, final long asn, final Instant time) {
        return events(spec, time, time.plusMillis(1)).stream()
                .filter(e -> e instanceof WorldEvent.Traffic && asnOf(e) == asn)
                .map(e -> (TrafficSample) e.value()).findFirst().orElseThrow();
    }

    private static long asnOf(final WorldEvent event) {
        return Long.parseLong(event.key().substring(2));
    }

    @Test
    void shouldPlaceLocalTimeWithTheCountryOffset() {
        final Instant utcMidnight = T0;
        final double pakistan = TrafficShape.at(utcMidnight.toEpochMilli(), Country.PAKISTAN.utcOffset(), Country.PAKISTAN.weekend());
        final double sameLocalHour = TrafficShape.at(utcMidnight.plus(Duration.ofHours(5)).toEpochMilli(), ZoneOffset.UTC,
                Country.PAKISTAN.weekend());
        assertThat(pakistan).isEqualTo(sameLocalHour);
    }
}
