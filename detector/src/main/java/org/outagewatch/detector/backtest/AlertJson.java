package org.outagewatch.detector.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes backtest alerts as JSON lines, one object per alert: {@code id}, {@code entity}, {@code signal},
 * {@code start}, {@code end} (ISO-8601; {@code end} null while still open), {@code detectedAt} (the end of the
 * window that opened it), {@code severity} (the worst reached), the opening window's evidence {@code expected},
 * {@code observed}, {@code score}, {@code coverage}, and when resolved {@code durationMinutes} and
 * {@code alertArea} (percent drop x minutes).
 */
public final class AlertJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertJson() {
    }

    /** One alert as a JSON object on one line (no newline). */
    public static String line(final AlertSpan alert) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", alert.id());
        out.put("entity", alert.entity());
        out.put("signal", alert.signal());
        out.put("start", alert.start().toString());
        out.put("end", alert.end() == null ? null : alert.end().toString());
        out.put("detectedAt", alert.openedAt().toString());
        out.put("severity", alert.severity().name());
        out.put("expected", finite(alert.expected()));
        out.put("observed", finite(alert.observed()));
        out.put("score", finite(alert.score()));
        out.put("coverage", alert.coverage());
        out.put("durationMinutes", alert.durationMinutes());
        out.put("alertArea", alert.alertArea());
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write alert " + alert.id() + " as JSON", e);
        }
    }

    /** Writes every alert to a file, one line each. */
    public static void write(final List<AlertSpan> alerts, final Path file) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (final AlertSpan alert : alerts) {
                out.write(line(alert));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write alerts to " + file + ": " + e.getMessage(), e);
        }
    }

    private static Double finite(final double value) {
        return Double.isFinite(value) ? value : null;
    }
}
