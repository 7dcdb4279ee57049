package org.outagewatch.deploy.study;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A time-series chart as SVG, written by hand (no library): one panel per series, stacked, sharing a labelled UTC
 * time axis. Each panel shows the observed value (a solid line at the middle of each window), the expected value
 * (dashed, broken where the baseline expects nothing yet) over a band from the warning level ({@code warningRatio} x
 * expected) to the expected value, and each alert span of the series shaded. Pure: {@link #render} returns the
 * document. Long series are thinned to at most {@value #MAX_POINTS} points per panel (each kept point is the
 * lowest observed value of its group, so a drop stays visible, with the group's mean expected value).
 */
public final class SvgChart {
    static final int WIDTH = 820;
    static final int LEFT = 70;
    static final int RIGHT = 20;
    static final int TOP = 70;
    static final int PANEL_HEIGHT = 120;
    static final int PANEL_GAP = 34;
    static final int AXIS_HEIGHT = 30;
    static final int MAX_POINTS = 1200;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final List<Duration> STEPS = List.of(Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12),
            Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(28));
    private static final int MAX_TICKS = 9;

    /** The value of a series over one window, and what the baseline expected then (NaN when nothing). */
    public record Point(Instant start, Instant end, double observed, double expected) {
        Instant middle() {
            return start.plus(Duration.between(start, end).dividedBy(2));
        }
    }

    /** A shaded span of time. */
    public record Span(Instant start, Instant end) {
    }

    /** One series: its title, points in time order and alert spans. */
    public record Panel(String title, List<Point> points, List<Span> alerts) {
        public Panel {
            points = List.copyOf(points);
            alerts = List.copyOf(alerts);
        }
    }

    private SvgChart() {
    }

    /**
     * The chart of panels over [from, to).
     *
     * @param title the chart's title
     * @param warningRatio the warning level as a share of the expected value (the lower edge of the band)
     */
    public static String render(final String title, final Instant from, final Instant to, final double warningRatio,
                                final List<Panel> panels) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("The chart's end " + to + " must be after its start " + from);
        }
        final int height = height(panels.size());
        final StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, height, WIDTH, height));
        svg.append("<title>").append(escape(title)).append("</title>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                LEFT, escape(title)));
        legend(svg, warningRatio);
        final Scale x = new Scale(from.toEpochMilli(), to.toEpochMilli(), LEFT, WIDTH - RIGHT);
        final List<Instant> ticks = ticks(from, to);
        for (int i = 0; i < panels.size(); i++) {
            panel(svg, panels.get(i), TOP + i * (PANEL_HEIGHT + PANEL_GAP), x, from, to, warningRatio, ticks,
                    i == panels.size() - 1);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The height of a chart of this many panels. */
    static int height(final int panels) {
        return TOP + panels * PANEL_HEIGHT + Math.max(0, panels - 1) * PANEL_GAP + AXIS_HEIGHT;
    }

    private static void legend(final StringBuilder svg, final double warningRatio) {
        final int y = 38;
        svg.append(String.format(Locale.ROOT, "<g class=\"legend\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\""
                        + " stroke=\"#1f4e9c\" stroke-width=\"1.5\"/><text x=\"%d\" y=\"%d\">observed</text>", LEFT, y - 4,
                LEFT + 20, y - 4, LEFT + 25, y));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\""
                + " stroke-dasharray=\"4 3\"/><text x=\"%d\" y=\"%d\">expected (baseline)</text>", LEFT + 90, y - 4,
                LEFT + 110, y - 4, LEFT + 115, y));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"20\" height=\"8\" fill=\"#9bb7e0\""
                + " fill-opacity=\"0.35\"/><text x=\"%d\" y=\"%d\">band: %.0f%%-100%% of expected</text>", LEFT + 230,
                y - 8, LEFT + 255, y, warningRatio * 100));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"20\" height=\"8\" fill=\"#d62728\""
                + " fill-opacity=\"0.18\"/><text x=\"%d\" y=\"%d\">alert</text></g>%n", LEFT + 420, y - 8, LEFT + 445, y));
    }

    private static void panel(final StringBuilder svg, final Panel panel, final int top, final Scale x,
                              final Instant from, final Instant to, final double warningRatio, final List<Instant> ticks,
                              final boolean last) {
        final List<Point> points = thin(panel.points().stream()
                .filter(p -> p.end().isAfter(from) && p.start().isBefore(to)).toList());
        double max = 0;
        for (final Point p : points) {
            max = Math.max(max, finite(p.observed()));
            max = Math.max(max, finite(p.expected()));
        }
        max = niceCeiling(max);
        final int bottom = top + PANEL_HEIGHT;
        final Scale y = new Scale(0, max, bottom, top);
        svg.append(String.format(Locale.ROOT, "<g class=\"panel\"><text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n",
                LEFT, top - 6, escape(panel.title())));
        for (final Span alert : panel.alerts()) {
            final long start = Math.max(alert.start().toEpochMilli(), from.toEpochMilli());
            final long end = Math.min(alert.end().toEpochMilli(), to.toEpochMilli());
            if (end > start) {
                svg.append(String.format(Locale.ROOT, "<rect class=\"alert\" x=\"%.1f\" y=\"%d\" width=\"%.1f\""
                        + " height=\"%d\" fill=\"#d62728\" fill-opacity=\"0.18\"/>%n", x.at(start), top,
                        Math.max(1.0, x.at(end) - x.at(start)), PANEL_HEIGHT));
            }
        }
        for (final List<Point> run : expectedRuns(points)) {
            final StringBuilder band = new StringBuilder();
            for (final Point p : run) {
                band.append(coordinate(x, y, p, p.expected())).append(' ');
            }
            for (int i = run.size() - 1; i >= 0; i--) {
                band.append(coordinate(x, y, run.get(i), run.get(i).expected() * warningRatio)).append(' ');
            }
            svg.append("<polygon class=\"band\" fill=\"#9bb7e0\" fill-opacity=\"0.35\" stroke=\"none\" points=\"")
                    .append(band.toString().strip()).append("\"/>\n");
            svg.append("<polyline class=\"expected\" fill=\"none\" stroke=\"#444\" stroke-dasharray=\"4 3\" points=\"")
                    .append(join(run.stream().map(p -> coordinate(x, y, p, p.expected())).toList())).append("\"/>\n");
        }
        svg.append("<polyline class=\"observed\" fill=\"none\" stroke=\"#1f4e9c\" stroke-width=\"1.5\" points=\"")
                .append(join(points.stream().filter(p -> Double.isFinite(p.observed()))
                        .map(p -> coordinate(x, y, p, p.observed())).toList())).append("\"/>\n");
        // axes: the frame, y labels at 0, half and the top, x grid lines at the ticks
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#999\"/>%n", LEFT, top, WIDTH - RIGHT - LEFT, PANEL_HEIGHT));
        for (final double value : new double[] {0, max / 2, max}) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 4,
                    y.at(value) + 4, number(value)));
        }
        for (final Instant tick : ticks) {
            final double tx = x.at(tick.toEpochMilli());
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                    tx, top, tx, bottom));
            if (last) {
                svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s"
                        + "</text>%n", tx, bottom + 14, label(tick, ticks)));
            }
        }
        if (last) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">time (UTC)</text>%n",
                    WIDTH - RIGHT, bottom + 28));
        }
        svg.append("</g>\n");
    }

    /** Consecutive points with a finite expected value. */
    private static List<List<Point>> expectedRuns(final List<Point> points) {
        final List<List<Point>> runs = new ArrayList<>();
        List<Point> run = new ArrayList<>();
        for (final Point p : points) {
            if (Double.isFinite(p.expected())) {
                run.add(p);
            } else if (!run.isEmpty()) {
                runs.add(run);
                run = new ArrayList<>();
            }
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    /** At most {@link #MAX_POINTS} points: groups of consecutive points, each the lowest observed, mean expected. */
    static List<Point> thin(final List<Point> points) {
        if (points.size() <= MAX_POINTS) {
            return points;
        }
        final int group = (points.size() + MAX_POINTS - 1) / MAX_POINTS;
        final List<Point> out = new ArrayList<>();
        for (int i = 0; i < points.size(); i += group) {
            final List<Point> members = points.subList(i, Math.min(points.size(), i + group));
            double low = Double.POSITIVE_INFINITY;
            double expected = 0;
            int known = 0;
            for (final Point p : members) {
                low = Math.min(low, p.observed());
                if (Double.isFinite(p.expected())) {
                    expected += p.expected();
                    known++;
                }
            }
            out.add(new Point(members.get(0).start(), members.get(members.size() - 1).end(), low,
                    known == 0 ? Double.NaN : expected / known));
        }
        return out;
    }

    /** Tick times on round UTC boundaries, at most {@value #MAX_TICKS}. */
    static List<Instant> ticks(final Instant from, final Instant to) {
        final Duration span = Duration.between(from, to);
        Duration step = STEPS.get(STEPS.size() - 1);
        for (final Duration candidate : STEPS) {
            if (span.toMillis() / candidate.toMillis() < MAX_TICKS) {
                step = candidate;
                break;
            }
        }
        final long stepMillis = step.toMillis();
        final List<Instant> ticks = new ArrayList<>();
        for (long t = Math.floorDiv(from.toEpochMilli() + stepMillis - 1, stepMillis) * stepMillis;
             t < to.toEpochMilli(); t += stepMillis) {
            ticks.add(Instant.ofEpochMilli(t));
        }
        return ticks;
    }

    private static String label(final Instant tick, final List<Instant> ticks) {
        final boolean days = ticks.stream().allMatch(t -> t.toEpochMilli() % Duration.ofDays(1).toMillis() == 0);
        return days ? DAY.format(tick) : HOUR.format(tick);
    }

    private static String coordinate(final Scale x, final Scale y, final Point p, final double value) {
        return String.format(Locale.ROOT, "%.1f,%.1f", x.at(p.middle().toEpochMilli()), y.at(value));
    }

    private static String join(final List<String> coordinates) {
        return String.join(" ", coordinates);
    }

    private static double finite(final double value) {
        return Double.isFinite(value) ? value : 0;
    }

    /** 1, 2 or 5 times a power of ten, at least the value (1 for nothing). */
    static double niceCeiling(final double value) {
        if (!(value > 0)) {
            return 1;
        }
        final double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (final double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * power >= value) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static String number(final double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    static String escape(final String text) {
        return Objects.requireNonNull(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** A linear map from data to pixels. */
    private record Scale(double low, double high, double from, double to) {
        double at(final double value) {
            return from + (value - low) / (high - low) * (to - from);
        }
    }
}
