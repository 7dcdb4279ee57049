package org.outagewatch.deploy.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.backtest.AlertSpan;
import org.outagewatch.detector.backtest.BacktestEngine;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.detector.backtest.BacktestRun;
import org.outagewatch.detector.backtest.Labels;
import org.outagewatch.ingest.asn.PrefixTableLoader;
import org.outagewatch.ingest.atlas.ProbeDirectory;
import org.outagewatch.ingest.ooni.OoniFingerprints;
import org.outagewatch.ingest.traffic.FlowAggregator;
import org.outagewatch.schemas.AsnInfo;

/**
 * The Kenya check of the quality report: the real RIPE Atlas connection events (msm 7000) of the 18 probes of
 * Disco's {@code ke.dat} ({@value #EVENTS} under the shared data, 2016-06-01 to 06-07, 11 probe ASNs) run through
 * the detector offline like {@code backtest --format atlas --events}, scored against hand-written labels of the
 * nationwide blackout of 7 June 2016 ({@value #LABELS_RESOURCE} beside this class).
 *
 * <p>Where the labels come from: KenGen's statement (Gitaru power station tripped at 11:29 EAT, {@link #TRIP} in
 * UTC; normal operation restored about four hours later) and the file's own disconnections. An ASN is labelled when a
 * probe of it disconnected between the trip and {@link #END} (the last reconnection of the second burst, 14:08 UTC):
 * from that ASN's first disconnection in that span to {@link #END}. AS9129, whose only probe had no event that day,
 * is labelled with no outage. The 13:03-13:58 UTC burst (17 of 18 probes, 10 ASNs, back within 1-15 minutes but
 * one) is taken as part of the blackout (its restoration, about four and a half hours after the trip); the file
 * alone cannot tell its cause.
 *
 * <p><b>The country.</b> With ASN metadata ({@value #ASN_METADATA}: pyasn's names, whose last word is the registry
 * country; 7 of the 11 probe ASNs are KE) the liveness stage also counts Kenya's probes, and {@value #COUNTRY} is
 * labelled from the first disconnection after the trip of a probe in a KE network (08:31:16 UTC) to {@link #END}
 * ({@value #COUNTRY_LABELS_RESOURCE}). The country row ({@value #COUNTRY_NAME}) scores the KE alerts alone against
 * that label; the network row scores the ASN alerts alone against the per-ASN labels, as without metadata.
 */
public final class KenyaBlackout {
    /** The row's name in the quality report. */
    public static final String NAME = "kenya-2016-06-07";
    /** The events file, relative to the shared data root. */
    public static final String EVENTS = "ripe-atlas/probe-connection-events-msm7000/disco_kenya_msm7000_2016-06.jsonl";
    /** The labels, a classpath resource beside this class. */
    public static final String LABELS_RESOURCE = "kenya-2016-06-07-labels.json";
    /** When Gitaru tripped (11:29 EAT, KenGen). */
    public static final Instant TRIP = Instant.parse("2016-06-07T08:29:00Z");
    /** The end of every label: the second burst's last reconnection, rounded up. */
    public static final Instant END = Instant.parse("2016-06-07T14:10:00Z");
    public static final String DESCRIPTION = "real Atlas msm 7000, 18 probes in KE, 7 days; 7 Jun 2016 blackout per ASN";
    /** The country row's name in the quality report. */
    public static final String COUNTRY_NAME = NAME + " KE";
    public static final String COUNTRY_DESCRIPTION = "the same file with ASN countries: the blackout at country level (KE)";
    /** The country whose blackout it was. */
    public static final String COUNTRY = "KE";
    /** ASN metadata (pyasn AS names), relative to the shared data root. */
    public static final String ASN_METADATA = "asn-mapping/pyasn_asnames.json.gz";
    /** The country label, a classpath resource beside this class. */
    public static final String COUNTRY_LABELS_RESOURCE = "kenya-2016-06-07-country-labels.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KenyaBlackout() {
    }

    /** The file's connection events as backtest records, in event-time order. */
    public static List<BacktestRecord> events(final Path file) {
        final RawEventReader reader = new RawEventReader(ProbeDirectory.load(), PrefixTableLoader.load().table(),
                OoniFingerprints.load(), Duration.ofMinutes(5), FlowAggregator.Side.BOTH);
        reader.read(file, RawFormat.ATLAS);
        return BacktestEngine.inEventTimeOrder(reader.result().records());
    }

    /** The detector's alerts over the file. */
    public static BacktestRun run(final DetectorSettings settings, final Path file) {
        return BacktestEngine.run(settings, events(file));
    }

    /** The detector's alerts over the file, with ASN metadata (so with country series too). */
    public static BacktestRun run(final DetectorSettings settings, final Path file, final List<AsnInfo> asns) {
        return BacktestEngine.run(settings, asns, events(file));
    }

    /** The run's network (ASN) alerts and entities alone: what the per-ASN labels score. */
    public static BacktestRun networks(final BacktestRun run) {
        return only(run, e -> e.startsWith("AS"));
    }

    /** The run's {@value #COUNTRY} alerts alone: what the country label scores. */
    public static BacktestRun country(final BacktestRun run) {
        return only(run, COUNTRY::equals);
    }

    private static BacktestRun only(final BacktestRun run, final java.util.function.Predicate<String> entity) {
        final List<AlertSpan> alerts = run.alerts().stream().filter(a -> entity.test(a.entity())).toList();
        final Set<String> entities = run.entities().stream().filter(entity).collect(Collectors.toSet());
        return new BacktestRun(alerts, entities, run.first(), run.last(), run.records());
    }

    /** The hand-written labels (see the class comment). */
    public static Labels labels() {
        return labels(LABELS_RESOURCE);
    }

    /** The country label (see the class comment). */
    public static Labels countryLabels() {
        return labels(COUNTRY_LABELS_RESOURCE);
    }

    private static Labels labels(final String resource) {
        try (InputStream in = KenyaBlackout.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource + " beside " + KenyaBlackout.class);
            }
            final JsonNode root = JSON.readTree(in);
            return Labels.parse(root, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
