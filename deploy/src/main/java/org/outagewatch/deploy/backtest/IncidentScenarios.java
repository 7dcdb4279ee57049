package org.outagewatch.deploy.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.schemas.AsnInfo;
import org.outagewatch.schemas.IncidentKind;
import org.outagewatch.schemas.MeasurementSource;
import org.outagewatch.schemas.ProbeMethod;
import org.outagewatch.schemas.ProbeOutcome;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.TrafficSample;

/**
 * The scenarios of the classification report: small worlds of networks with a country (and a region) that send
 * traffic samples (one per 5 minutes, a daily wave with a little seeded noise) and service tests (3 per service and
 * 5-minute window around the events, one window an hour otherwise, each with a control unless said), with a day of
 * history before anything happens, and the incidents each should produce.
 */
public final class IncidentScenarios {
    static final long SEED = 11L;
    private static final int DAY = 24 * 60;
    private static final long BYTES = 1_000_000L;

    private IncidentScenarios() {
    }

    public static List<IncidentScenario> all() {
        return List.of(pakistan2020(), sparseBlocking(), nationalShutdown(), singleAsn(), regionalPowerCut(), platformOnly(),
                quietWeek());
    }

    /** The scenario with this name, or null. */
    public static IncidentScenario find(final String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** Which ASNs are dark (send no traffic) at a minute. */
    interface Dark {
        boolean at(long asn, int minute);
    }

    /** The outcome and control outcome of one service test (the control may be null). */
    interface Test {
        ProbeOutcome[] at(long asn, String service, int minute);
    }

    private static final ProbeOutcome[] OK = {ProbeOutcome.OK, ProbeOutcome.OK};

    static IncidentScenario pakistan2020() {
        final Instant t0 = Instant.parse("2020-05-16T00:00:00Z");
        final List<String> services = List.of("periscope.tv", "twitter.com", "zoom.us");
        final List<AsnInfo> asns = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            asns.add(asn(17_557 + i, "PK", null));
        }
        for (int i = 0; i < 40; i++) {
            asns.add(asn(64_500 + i, List.of("DE", "FR", "GB", "IN", "US", "BR", "JP", "NG", "AE", "TR").get(i % 10), null));
        }
        final int zoomDown = DAY + 10 * 60;
        final int zoomUp = DAY + 12 * 60;
        final int blockStart = DAY + 17 * 60;
        final int blockEnd = DAY + 20 * 60;
        final List<Long> pk = asns.subList(0, 7).stream().map(AsnInfo::getAsn).toList();
        final List<Long> blocked = pk.subList(0, 5);
        final Test test = (asn, service, minute) -> {
            if (service.equals("zoom.us") && minute >= zoomDown && minute < zoomUp) {
                return new ProbeOutcome[] {ProbeOutcome.TCP_FAILURE, ProbeOutcome.TCP_FAILURE};
            }
            if (blocked.contains(asn) && minute >= blockStart && minute < blockEnd) {
                return new ProbeOutcome[] {ProbeOutcome.DNS_FAILURE, ProbeOutcome.OK};
            }
            return OK;
        };
        final TreeSet<String> everywhere = new TreeSet<>();
        asns.forEach(a -> everywhere.add(a.getCountry()));
        return new IncidentScenario("pk-2020", "17 May 2020: Zoom down worldwide 10-12 UTC (controls fail); Twitter, "
                + "Periscope, Zoom DNS-blocked on 5 of 7 PK networks 17-20 UTC; 40 networks elsewhere", asns,
                () -> events(t0, DAY + 21 * 60, asns, pk, services, (a, m) -> false, test,
                        m -> m >= zoomDown - 60 && m < zoomUp + 30 || m >= blockStart - 30 && m < blockEnd + 30),
                List.of(new ExpectedIncident(IncidentKind.PLATFORM_OUTAGE, List.copyOf(everywhere), List.of("zoom.us"),
                                47, at(t0, zoomDown), at(t0, zoomUp)),
                        new ExpectedIncident(IncidentKind.SERVICE_BLOCKING, List.of("PK"), services, 5,
                                at(t0, blockStart), at(t0, blockEnd))));
    }

    /**
     * Blocking at real OONI density: each network tests twitter.com 0.1-0.5 times per 5-minute window (its own rate,
     * seeded), so no network's own series ever has the {@code min-coverage} of 3 tests in a window, and only PK's
     * pooled series ({@code PK/twitter.com}, about 3 tests a window) can show the blocking: DNS failures with the
     * control fine on 8 of 10 PK networks, 14-20 UTC; 10 networks in DE and IN test it at the same density, normally;
     * PK traffic is normal. The country-level alert alone must make the SERVICE_BLOCKING incident (ASNs in scope: none
     * named, since no network's own series alerts).
     */
    static IncidentScenario sparseBlocking() {
        final Instant t0 = Instant.parse("2024-02-08T00:00:00Z");
        final List<AsnInfo> asns = new ArrayList<>(range(45_590, 10, "PK", null));
        asns.addAll(range(3_400, 5, "DE", null));
        asns.addAll(range(9_800, 5, "IN", null));
        final int start = DAY + 14 * 60;
        final int end = DAY + 20 * 60;
        final List<Long> blocked = ids(asns).subList(0, 8);
        final List<Long> pk = ids(asns).subList(0, 10);
        return new IncidentScenario("ooni-density", "twitter.com DNS-blocked on 8 of 10 PK networks 14-20 UTC, each "
                + "network testing it 0.1-0.5 times per 5 minutes (real OONI density): only the country's pooled tests "
                + "show it; 10 networks in DE and IN test it normally", asns,
                () -> sparseEvents(t0, end + 2 * 60, asns, pk, "twitter.com",
                        (asn, minute) -> blocked.contains(asn) && minute >= start && minute < end),
                List.of(new ExpectedIncident(IncidentKind.SERVICE_BLOCKING, List.of("PK"), List.of("twitter.com"), 0,
                        at(t0, start), at(t0, end))));
    }

    /** Whether a network's tests of the service fail (DNS, control fine) at a minute. */
    interface Blocked {
        boolean at(long asn, int minute);
    }

    /**
     * Traffic for {@code trafficAsns} every 5 minutes (as {@link #events}) and, from every network, tests of one service
     * at its own rate of 0.1-0.5 tests per 5-minute window (drawn once per network), each with a control that succeeds.
     */
    static List<BacktestRecord> sparseEvents(final Instant t0, final int endMinute, final List<AsnInfo> asns,
                                             final List<Long> trafficAsns, final String service, final Blocked blocked) {
        final List<BacktestRecord> out = new ArrayList<>(events(t0, endMinute, asns, trafficAsns, List.of(),
                (a, m) -> false, null, m -> false));
        final SplittableRandom random = new SplittableRandom(SEED + 1);
        final double[] rates = new double[asns.size()];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = 0.1 + 0.4 * random.nextDouble();
        }
        for (int minute = 0; minute < endMinute; minute += 5) {
            for (int i = 0; i < asns.size(); i++) {
                if (random.nextDouble() >= rates[i]) {
                    continue;
                }
                final AsnInfo info = asns.get(i);
                final ProbeOutcome outcome = blocked.at(info.getAsn(), minute) ? ProbeOutcome.DNS_FAILURE : ProbeOutcome.OK;
                out.add(new BacktestRecord.Probe(ProbeResult.newBuilder().setSource(MeasurementSource.SYNTHETIC)
                        .setProbeId("p" + info.getAsn()).setVantageAsn(info.getAsn())
                        .setVantageCountry(info.getCountry()).setTarget("https://" + service + "/")
                        .setService(service).setMethod(ProbeMethod.WEB_CONNECTIVITY).setOutcome(outcome)
                        .setControlOutcome(ProbeOutcome.OK).setMeasuredAt(at(t0, minute + 5 * random.nextDouble()))
                        .build()));
            }
        }
        out.sort(Comparator.comparing(BacktestRecord::eventTime));
        return out;
    }

    static IncidentScenario nationalShutdown() {
        final Instant t0 = Instant.parse("2019-11-15T00:00:00Z");
        final List<AsnInfo> asns = range(44_000, 10, "IR", null);
        final int start = DAY + 16 * 60;
        final int restored = start + 2 * DAY;
        final List<Long> all = ids(asns);
        return new IncidentScenario("national-shutdown", "Iran, November 2019-like: 9 of 10 networks go dark over 30 "
                + "minutes and stay dark for 2 days", asns,
                () -> events(t0, restored + 6 * 60, asns, all, List.of(),
                        (a, m) -> a - 44_000 < 9 && m >= start + (a - 44_000) * 30 / 9 && m < restored, null, m -> false),
                List.of(new ExpectedIncident(IncidentKind.NATIONAL_SHUTDOWN, List.of("IR"), List.of(), 9,
                        at(t0, start), at(t0, restored))));
    }

    static IncidentScenario singleAsn() {
        final Instant t0 = Instant.parse("2024-03-04T00:00:00Z");
        final List<AsnInfo> asns = range(3_320, 10, "DE", null);
        final int start = DAY + 9 * 60;
        final List<Long> all = ids(asns);
        return new IncidentScenario("single-asn", "one of 10 German networks dark for 2 hours", asns,
                () -> events(t0, start + 5 * 60, asns, all, List.of(), (a, m) -> a == 3_320 && m >= start && m < start + 120,
                        null, m -> false),
                List.of(new ExpectedIncident(IncidentKind.NETWORK_OUTAGE, List.of("DE"), List.of(), 1, at(t0, start),
                        at(t0, start + 120))));
    }

    static IncidentScenario regionalPowerCut() {
        final Instant t0 = Instant.parse("2021-02-14T00:00:00Z");
        final List<AsnInfo> asns = new ArrayList<>();
        asns.addAll(range(7_000, 4, "US", "US-TX"));
        asns.addAll(range(7_100, 4, "US", "US-CA"));
        asns.addAll(range(7_200, 4, "US", "US-NY"));
        final int start = DAY + 6 * 60;
        final List<Long> all = ids(asns);
        return new IncidentScenario("regional-power-cut", "Texas-like: 3 of 4 networks of one region (3 of 12 in the "
                + "country) dark for 3 hours", asns,
                () -> events(t0, start + 6 * 60, asns, all, List.of(), (a, m) -> a < 7_003 && m >= start && m < start + 180,
                        null, m -> false),
                List.of(new ExpectedIncident(IncidentKind.REGIONAL_OUTAGE, List.of("US"), List.of(), 3, at(t0, start),
                        at(t0, start + 180))));
    }

    static IncidentScenario platformOnly() {
        final Instant t0 = Instant.parse("2021-10-03T00:00:00Z");
        final List<AsnInfo> asns = new ArrayList<>();
        final List<String> countries = List.of("BR", "FR", "IN", "NG");
        for (int c = 0; c < countries.size(); c++) {
            asns.addAll(range(9_000 + 100 * c, 3, countries.get(c), null));
        }
        final int start = DAY + 15 * 60 + 40;
        final int end = start + 6 * 60;
        final Test test = (asn, service, minute) -> minute >= start && minute < end
                ? new ProbeOutcome[] {ProbeOutcome.DNS_FAILURE, ProbeOutcome.DNS_FAILURE} : OK;
        return new IncidentScenario("platform-only", "a messaging platform fails for 6 hours from 12 networks in 4 "
                + "countries, its controls fail too; connectivity normal", asns,
                () -> events(t0, end + 60, asns, ids(asns), List.of("chat.example"), (a, m) -> false, test,
                        m -> m >= start - 60 && m < end + 30),
                List.of(new ExpectedIncident(IncidentKind.PLATFORM_OUTAGE, countries, List.of("chat.example"), 12,
                        at(t0, start), at(t0, end))));
    }

    static IncidentScenario quietWeek() {
        final Instant t0 = Instant.parse("2024-06-03T00:00:00Z");
        final List<AsnInfo> asns = new ArrayList<>(range(1_100, 5, "NL", null));
        asns.addAll(range(1_200, 5, "BE", null));
        return new IncidentScenario("quiet-week", "10 networks in 2 countries, traffic and service tests for a week, "
                + "nothing happens", asns,
                () -> events(t0, 7 * DAY, asns, ids(asns), List.of("news.example"), (a, m) -> false, (a, s, m) -> OK,
                        m -> false),
                List.of());
    }

    /** Traffic for {@code trafficAsns} and service tests from every ASN, merged in event-time order. */
    static List<BacktestRecord> events(final Instant t0, final int endMinute, final List<AsnInfo> asns,
                                       final List<Long> trafficAsns, final List<String> services, final Dark dark,
                                       final Test test, final java.util.function.IntPredicate dense) {
        final SplittableRandom random = new SplittableRandom(SEED);
        final List<BacktestRecord> out = new ArrayList<>();
        for (int minute = 0; minute < endMinute; minute += 5) {
            final double wave = 1 + 0.3 * Math.sin(2 * Math.PI * minute / DAY);
            for (final long asn : trafficAsns) {
                final double noise = 1 + 0.05 * (random.nextDouble() - 0.5);
                if (!dark.at(asn, minute)) {
                    out.add(new BacktestRecord.Traffic(TrafficSample.newBuilder().setSource(MeasurementSource.SYNTHETIC)
                            .setAsn(asn).setIntervalStart(at(t0, minute)).setIntervalSeconds(300)
                            .setBytes(Math.round(BYTES * wave * noise)).setPackets(BYTES / 1000).build()));
                }
            }
            if (services.isEmpty() || !dense.test(minute) && minute % 60 != 0) {
                continue;
            }
            for (int t = 0; t < 3; t++) {
                for (final AsnInfo info : asns) {
                    for (final String service : services) {
                        final ProbeOutcome[] outcome = test.at(info.getAsn(), service, minute);
                        out.add(new BacktestRecord.Probe(ProbeResult.newBuilder().setSource(MeasurementSource.SYNTHETIC)
                                .setProbeId("p" + info.getAsn()).setVantageAsn(info.getAsn())
                                .setVantageCountry(info.getCountry()).setTarget("https://" + service + "/")
                                .setService(service).setMethod(ProbeMethod.WEB_CONNECTIVITY).setOutcome(outcome[0])
                                .setControlOutcome(outcome[1]).setMeasuredAt(at(t0, minute + t + 0.5)).build()));
                    }
                }
            }
        }
        out.sort(Comparator.comparing(BacktestRecord::eventTime));
        return out;
    }

    private static Instant at(final Instant t0, final double minutes) {
        return t0.plus(Duration.ofMillis(Math.round(minutes * 60_000)));
    }

    private static AsnInfo asn(final long asn, final String country, final String region) {
        return AsnInfo.newBuilder().setAsn(asn).setName("AS" + asn).setCountry(country).setRegion(region)
                .setSource("scenario").build();
    }

    private static List<AsnInfo> range(final long first, final int count, final String country, final String region) {
        final List<AsnInfo> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(asn(first + i, country, region));
        }
        return out;
    }

    private static List<Long> ids(final List<AsnInfo> asns) {
        return asns.stream().map(AsnInfo::getAsn).toList();
    }
}
