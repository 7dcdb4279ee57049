package org.outagewatch.deploy.study;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.detector.backtest.AlertSpan;
import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.SignalPoint;

/**
 * The Markdown report of a study ({@value #REPORT}) and its charts: the input files and span, the counts, then each
 * incident (kind, scope, severity, start and end, its explanation, its alerts) with an SVG chart of its series
 * ({@code incident-N.svg}: observed against the baseline's expected value and band, alerts shaded, {@link SvgChart});
 * alerts outside every incident are listed after them, and when there is no incident every alerted series gets its
 * own chart ({@code series-N.svg}).
 */
public final class StudyReport {
    public static final String REPORT = "report.md";
    /** Panels per incident chart (the first by entity: countries, then networks, each by alert start). */
    static final int MAX_PANELS = 8;
    /** Charts of alerted series when there is no incident. */
    static final int MAX_SERIES_CHARTS = 20;
    private static final Duration BEFORE = Duration.ofHours(24);
    private static final Duration AFTER = Duration.ofHours(12);

    /** One input file as the report lists it. */
    public record InputFile(String format, String file, long records) {
    }

    /**
     * What the report says about the input.
     *
     * @param command the command line that made the study (shown as given)
     * @param from the study's start (inclusive), or null for the input's first event
     * @param to the study's end (exclusive), or null for after the last event
     * @param read events read from the files
     * @param rejected input rejected by the parsers
     * @param firstReasons the first rejection reasons
     * @param first the first event time in the span (null when none)
     * @param last the last event time in the span
     * @param inSpan events in the span, run through the detector
     * @param asnEntries ASN metadata entries loaded
     */
    public record Input(String command, List<InputFile> files, Instant from, Instant to, long read, long rejected,
                        List<String> firstReasons, Instant first, Instant last, long inSpan, int asnEntries) {
        public Input {
            files = List.copyOf(files);
            firstReasons = List.copyOf(firstReasons);
        }
    }

    private StudyReport() {
    }

    /** Writes report.md and the charts into the folder; returns the report's path. */
    public static Path write(final Path dir, final Input input, final Study.Result result,
                             final DetectorSettings settings) {
        final Map<String, AlertSpan> alertsById = new LinkedHashMap<>();
        result.alerts().forEach(alert -> alertsById.put(alert.id(), alert));
        final List<Incident> incidents = result.incidents().stream()
                .sorted(Comparator.comparing(Incident::getStartedAt)).toList();
        final StringBuilder md = new StringBuilder();
        header(md, input, result, incidents);
        final double warning = settings.modelParameters().warningRatio();
        final Instant dataEnd = input.last() == null ? null : input.last().plus(settings.windowSize());
        if (!incidents.isEmpty()) {
            md.append("## Incidents\n\n");
            int n = 0;
            for (final Incident incident : incidents) {
                n++;
                final List<AlertSpan> alerts = incident.getAlertIds().stream().map(alertsById::get)
                        .filter(Objects::nonNull).sorted(byEntity()).toList();
                incident(md, n, incident, alerts, incident.getAlertIds().size() - alerts.size());
                final String name = "incident-" + n + ".svg";
                final Instant start = max(input.first(), incident.getStartedAt().minus(BEFORE));
                final Instant end = min(dataEnd, (incident.getEndedAt() != null ? incident.getEndedAt()
                        : dataEnd).plus(AFTER));
                if (chart(dir.resolve(name), incident.getKind() + " " + scope(incident), start, end, warning, alerts,
                        result, settings)) {
                    md.append("![").append(incident.getKind()).append(" chart](").append(name).append(")\n\n");
                }
            }
            final List<String> inIncidents = incidents.stream().flatMap(i -> i.getAlertIds().stream()).toList();
            final List<AlertSpan> outside = result.alerts().stream().filter(a -> !inIncidents.contains(a.id())).toList();
            if (!outside.isEmpty()) {
                md.append("## Alerts outside every incident\n\n");
                alertTable(md, outside);
            }
        } else if (!result.alerts().isEmpty()) {
            md.append("## Alerts\n\nNo incident was formed; each alerted series:\n\n");
            alertTable(md, result.alerts());
            final Map<String, List<AlertSpan>> bySeries = result.alerts().stream().sorted(byEntity())
                    .collect(Collectors.groupingBy(a -> a.entity() + "|" + a.signal(), LinkedHashMap::new,
                            Collectors.toList()));
            int n = 0;
            for (final Map.Entry<String, List<AlertSpan>> series : bySeries.entrySet()) {
                if (++n > MAX_SERIES_CHARTS) {
                    md.append("(charts of ").append(bySeries.size() - MAX_SERIES_CHARTS).append(" more series left out)\n\n");
                    break;
                }
                final String name = "series-" + n + ".svg";
                final List<AlertSpan> alerts = series.getValue();
                final Instant start = max(input.first(), alerts.get(0).start().minus(BEFORE));
                final Instant end = min(dataEnd, alerts.get(alerts.size() - 1).endOr(dataEnd).plus(AFTER));
                if (chart(dir.resolve(name), series.getKey(), start, end, warning, alerts, result, settings)) {
                    md.append("### ").append(series.getKey()).append("\n\n![").append(series.getKey()).append(" chart](")
                            .append(name).append(")\n\n");
                }
            }
        } else {
            md.append("No alert was raised in this span.\n");
        }
        md.append("\n---\nCharts: the observed value of each window (solid), the baseline's expected value (dashed; none ")
                .append("during the ").append(duration(Duration.ofMillis(settings.modelParameters().warmUpMillis())))
                .append(" warm-up) over a band from the warning level (")
                .append(String.format(Locale.ROOT, "%.0f%%", warning * 100))
                .append(" of expected) to the expected value, and each alert's span shaded. Times are UTC.\n");
        final Path report = dir.resolve(REPORT);
        writeString(report, md.toString());
        return report;
    }

    private static void header(final StringBuilder md, final Input input, final Study.Result result,
                               final List<Incident> incidents) {
        md.append("# Study: ").append(input.first() == null ? "no events" : day(input.first()) + " to " + day(input.last()))
                .append("\n\n");
        md.append("Made by `").append(input.command()).append("`.\n\n");
        md.append("## Input\n\n| format | file | events read |\n|---|---|---:|\n");
        for (final InputFile file : input.files()) {
            md.append("| ").append(file.format()).append(" | `").append(file.file()).append("` | ")
                    .append(String.format(Locale.ROOT, "%,d", file.records())).append(" |\n");
        }
        md.append('\n');
        md.append("- span: ").append(input.from() == null ? "from the first event" : "from " + time(input.from()))
                .append(input.to() == null ? " to the last" : " to " + time(input.to()) + " (exclusive)")
                .append("; events in it from ").append(time(input.first())).append(" to ").append(time(input.last()))
                .append('\n');
        md.append(String.format(Locale.ROOT, "- %,d events read, %,d in the span run through the detector, %,d input "
                + "records rejected%n", input.read(), input.inSpan(), input.rejected()));
        input.firstReasons().forEach(reason -> md.append("  - ").append(reason.replace("|", "\\|")).append('\n'));
        md.append(String.format(Locale.ROOT, "- %d ASN metadata entries (country per ASN, for country points)%n",
                input.asnEntries()));
        md.append(String.format(Locale.ROOT, "- %d entities, %d alerts, %d incidents (%d incident records)%n%n",
                result.run().entities().size(), result.alerts().size(), incidents.size(),
                result.incidentRecords().size()));
    }

    private static void incident(final StringBuilder md, final int n, final Incident incident,
                                 final List<AlertSpan> alerts, final int unknown) {
        md.append("### ").append(n).append(". ").append(incident.getKind()).append(": ").append(scope(incident))
                .append("\n\n");
        md.append("- severity ").append(incident.getSeverity()).append("/100, ").append(incident.getStatus());
        if (incident.getFailureMode() != null) {
            md.append(", failure mode ").append(incident.getFailureMode());
        }
        md.append('\n');
        md.append("- from ").append(time(incident.getStartedAt())).append(" to ")
                .append(incident.getEndedAt() == null ? "(still open at the end of the span)"
                        : time(incident.getEndedAt()) + " (" + duration(Duration.between(incident.getStartedAt(),
                        incident.getEndedAt())) + ")").append('\n');
        md.append("- id `").append(incident.getIncidentId()).append("`\n\n");
        md.append("> ").append(incident.getExplanation().replace("\n", "\n> ")).append("\n\n");
        alertTable(md, alerts);
        if (unknown > 0) {
            md.append(unknown).append(" more alert ids of the incident were not raised in this run.\n\n");
        }
    }

    private static void alertTable(final StringBuilder md, final List<AlertSpan> alerts) {
        md.append("| entity | signal | severity | start | end | expected | observed |\n|---|---|---|---|---|---:|---:|\n");
        for (final AlertSpan alert : alerts) {
            md.append("| ").append(alert.entity()).append(" | ").append(alert.signal()).append(" | ")
                    .append(alert.severity()).append(" | ").append(time(alert.start())).append(" | ")
                    .append(alert.end() == null ? "open" : time(alert.end())).append(" | ")
                    .append(number(alert.expected())).append(" | ").append(number(alert.observed())).append(" |\n");
        }
        md.append('\n');
    }

    /** Writes the chart of the alerts' series; false when no series has points in the range. */
    private static boolean chart(final Path file, final String title, final Instant from, final Instant to,
                                 final double warning, final List<AlertSpan> alerts, final Study.Result result,
                                 final DetectorSettings settings) {
        if (from == null || to == null || !to.isAfter(from)) {
            return false;
        }
        final Map<String, List<SvgChart.Span>> spans = new LinkedHashMap<>();
        for (final AlertSpan alert : alerts) {
            spans.computeIfAbsent(alert.entity() + "|" + alert.signal(), k -> new ArrayList<>())
                    .add(new SvgChart.Span(alert.start(), alert.endOr(to)));
        }
        final Map<String, List<SvgChart.Point>> expected = new HashMap<>();
        final List<SvgChart.Panel> panels = new ArrayList<>();
        for (final Map.Entry<String, List<SvgChart.Span>> series : spans.entrySet()) {
            final List<SignalPoint> points = result.series().getOrDefault(series.getKey(), List.of());
            if (points.isEmpty()) {
                continue;
            }
            if (panels.size() == MAX_PANELS) {
                break;
            }
            panels.add(new SvgChart.Panel(series.getKey().replace("|", "  "),
                    expected.computeIfAbsent(series.getKey(), k -> ExpectedSeries.of(points, settings)), series.getValue()));
        }
        if (panels.isEmpty()) {
            return false;
        }
        writeString(file, SvgChart.render(title, from, to, warning, panels));
        return true;
    }

    private static Comparator<AlertSpan> byEntity() {
        return Comparator.comparing((AlertSpan a) -> a.entity().startsWith("AS") ? 1 : 0)
                .thenComparing(AlertSpan::start).thenComparing(AlertSpan::entity).thenComparing(AlertSpan::signal);
    }

    static String scope(final Incident incident) {
        final List<String> parts = new ArrayList<>();
        if (!incident.getCountries().isEmpty()) {
            parts.add(String.join(", ", incident.getCountries()));
        }
        if (!incident.getAsns().isEmpty()) {
            parts.add(incident.getAsns().size() <= 6
                    ? incident.getAsns().stream().map(a -> "AS" + a).collect(Collectors.joining(", "))
                    : incident.getAsns().size() + " ASNs");
        }
        if (!incident.getServices().isEmpty()) {
            parts.add(String.join(", ", incident.getServices()));
        }
        return parts.isEmpty() ? "(no scope)" : String.join("; ", parts);
    }

    private static String number(final double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3g", value) : "-";
    }

    static String time(final Instant time) {
        return time == null ? "-" : time.toString().replace(":00Z", "Z").replace("T", " ");
    }

    private static String day(final Instant time) {
        return time.toString().substring(0, 10);
    }

    static String duration(final Duration duration) {
        final long minutes = duration.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        return minutes % 60 == 0 ? minutes / 60 + " h" : String.format(Locale.ROOT, "%d h %02d min", minutes / 60,
                minutes % 60);
    }

    private static Instant max(final Instant a, final Instant b) {
        return a == null ? b : a.isAfter(b) ? a : b;
    }

    private static Instant min(final Instant a, final Instant b) {
        return a == null ? b : a.isBefore(b) ? a : b;
    }

    private static void writeString(final Path file, final String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
