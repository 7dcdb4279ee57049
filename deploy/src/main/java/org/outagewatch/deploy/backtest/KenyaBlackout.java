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
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.backtest.BacktestEngine;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.detector.backtest.BacktestRun;
import org.outagewatch.detector.backtest.Labels;
import org.outagewatch.ingest.asn.PrefixTableLoader;
import org.outagewatch.ingest.atlas.ProbeDirectory;
import org.outagewatch.ingest.ooni.OoniFingerprints;
import org.outagewatch.ingest.traffic.FlowAggregator;

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

    /** The hand-written labels (see the class comment). */
    public static Labels labels() {
        try (InputStream in = KenyaBlackout.class.getResourceAsStream(LABELS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + LABELS_RESOURCE + " beside " + KenyaBlackout.class);
            }
            final JsonNode root = JSON.readTree(in);
            return Labels.parse(root, LABELS_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + LABELS_RESOURCE, e);
        }
    }
}
