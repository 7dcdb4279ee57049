package org.outagewatch.deploy.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.outagewatch.detector.app.DetectorSettings;
import org.outagewatch.schemas.Incident;

/**
 * The classification report: runs every {@link IncidentScenarios incident scenario} through the whole detector
 * and prints one row per scenario with the expected incidents, the produced ones (merged-away incidents left out)
 * with their start and end errors, and {@code match} when every expected incident has exactly one produced
 * counterpart (same kind, countries, services and number of ASNs, start within {@link #START_TOLERANCE}, end within
 * {@link #END_TOLERANCE} or both still open) and nothing else was produced; else {@code MISMATCH}.
 */
public final class IncidentReport {
    public static final Duration START_TOLERANCE = Duration.ofMinutes(15);
    public static final Duration END_TOLERANCE = Duration.ofMinutes(30);

    private IncidentReport() {
    }

    /** One scenario's outcome. */
    public record Row(String scenario, List<ExpectedIncident> expected, List<Incident> produced, boolean match) {
    }

    public static Row run(final DetectorSettings settings, final IncidentScenario scenario) {
        final List<Incident> produced = IncidentRunner.finals(IncidentRunner.run(settings, scenario.asns(),
                scenario.events().get()));
        final List<Incident> unmatched = new ArrayList<>(produced);
        boolean match = true;
        for (final ExpectedIncident e : scenario.expected()) {
            final Incident hit = unmatched.stream().filter(i -> matches(e, i)).findFirst().orElse(null);
            if (hit == null) {
                match = false;
            } else {
                unmatched.remove(hit);
            }
        }
        return new Row(scenario.name(), scenario.expected(), produced, match && unmatched.isEmpty());
    }

    static boolean matches(final ExpectedIncident e, final Incident i) {
        return i.getKind() == e.kind() && Set.copyOf(i.getCountries()).equals(Set.copyOf(e.countries()))
                && Set.copyOf(i.getServices()).equals(Set.copyOf(e.services())) && i.getAsns().size() == e.asns()
                && within(e.startedAt(), i.getStartedAt(), START_TOLERANCE)
                && (e.endedAt() == null ? i.getEndedAt() == null
                : i.getEndedAt() != null && within(e.endedAt(), i.getEndedAt(), END_TOLERANCE));
    }

    private static boolean within(final Instant expected, final Instant actual, final Duration tolerance) {
        return Duration.between(expected, actual).abs().compareTo(tolerance) <= 0;
    }

    /** Runs every scenario and returns the table. */
    public static String run(final DetectorSettings settings) {
        final List<Row> rows = new ArrayList<>();
        for (final IncidentScenario s : IncidentScenarios.all()) {
            rows.add(run(settings, s));
        }
        return table(rows);
    }

    static String table(final List<Row> rows) {
        final StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-20s %-60s %-72s %s%n", "scenario",
                "expected", "produced (start error, end error)", "result"));
        for (final Row row : rows) {
            final List<String> expected = row.expected().stream().map(ExpectedIncident::scope).toList();
            final List<String> produced = new ArrayList<>();
            for (final Incident i : row.produced()) {
                final ExpectedIncident e = row.expected().stream().filter(x -> x.kind() == i.getKind()).findFirst().orElse(null);
                produced.add(String.format(Locale.ROOT, "%s %s%s %d ASNs (%s, %s)", i.getKind(),
                        String.join(",", i.getCountries()), i.getServices().isEmpty() ? "" : " " + i.getServices(),
                        i.getAsns().size(), e == null ? "-" : error(e.startedAt(), i.getStartedAt()),
                        e == null ? "-" : e.endedAt() == null || i.getEndedAt() == null
                                ? (i.getEndedAt() == null ? "open" : "ended") : error(e.endedAt(), i.getEndedAt())));
            }
            out.append(String.format(Locale.ROOT, "%-20s %-60s %-72s %s%n", row.scenario(),
                    expected.isEmpty() ? "none" : String.join("; ", expected),
                    produced.isEmpty() ? "none" : String.join("; ", produced), row.match() ? "match" : "MISMATCH"));
        }
        out.append("errors in minutes (produced - expected); tolerance: start ").append(START_TOLERANCE.toMinutes())
                .append(" min, end ").append(END_TOLERANCE.toMinutes()).append(" min; merged-away incidents not listed\n");
        return out.toString();
    }

    private static String error(final Instant expected, final Instant actual) {
        return String.format(Locale.ROOT, "%+d", Duration.between(expected, actual).toMinutes());
    }
}
