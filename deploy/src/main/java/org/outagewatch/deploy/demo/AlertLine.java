package org.outagewatch.deploy.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.outagewatch.schemas.OutageAlert;

/** One terminal line per alert: time, status, severity, entity, signal, expected vs. observed, and how long it lasted. */
public final class AlertLine {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private AlertLine() {
    }

    public static String format(final OutageAlert alert) {
        final Instant at = alert.getStatus() == org.outagewatch.schemas.AlertStatus.RESOLVED && alert.getEndedAt() != null
                ? alert.getEndedAt() : alert.getWindowStart();
        final StringBuilder line = new StringBuilder(160);
        line.append(TIME.format(at)).append("  ")
                .append(pad(alert.getStatus().name(), 8))
                .append(pad(alert.getSeverity().name(), 9))
                .append(pad(alert.getEntity(), 10))
                .append(pad(alert.getSignal(), 17))
                .append("expected ").append(value(alert.getSignal(), alert.getExpected()))
                .append("  observed ").append(value(alert.getSignal(), alert.getObserved()))
                .append(String.format(Locale.ROOT, " (%.0f%%)", 100.0 * alert.getScore()));
        if (alert.getDurationMinutes() != null) {
            line.append(String.format(Locale.ROOT, "  lasted %.0f min, area %.0f %%·min", alert.getDurationMinutes(),
                    alert.getAlertArea() == null ? 0.0 : alert.getAlertArea()));
        } else {
            line.append("  coverage ").append(alert.getCoverage());
        }
        return line.toString();
    }

    /** A value in the signal's own unit: bytes for traffic, a percentage for shares, a plain number otherwise. */
    static String value(final String signal, final double v) {
        if (signal.startsWith("traffic.")) {
            return bytes(v);
        }
        if (signal.endsWith(".reachable") || signal.endsWith(".accessible")) {
            return String.format(Locale.ROOT, "%.1f%%", 100.0 * v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String bytes(final double v) {
        final String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        double x = v;
        int unit = 0;
        while (Math.abs(x) >= 1000 && unit < units.length - 1) {
            x /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.2f %s", x, units[unit]);
    }

    /** {@code HH:mm} in UTC. */
    static String clock(final Instant at) {
        return HOUR_MINUTE.format(at);
    }

    private static String pad(final String s, final int width) {
        final StringBuilder b = new StringBuilder(s);
        while (b.length() < width) {
            b.append(' ');
        }
        return b.append(' ').toString();
    }
}
