package org.outagewatch.detector.incident;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.outagewatch.schemas.FailureMode;

/** Maps the outcome names of service tests (the breakdown of service.accessible points) to failure modes. */
final class FailureModes {
    private FailureModes() {
    }

    /** The failure mode of a test outcome name, or null for OK, controls and unknown names. */
    static FailureMode of(final String outcome) {
        return switch (outcome) {
            case "DNS_FAILURE" -> FailureMode.DNS;
            case "TCP_FAILURE", "UNREACHABLE", "TIMEOUT" -> FailureMode.TCP_IP;
            case "TLS_FAILURE" -> FailureMode.TLS;
            case "BLOCKPAGE" -> FailureMode.HTTP_BLOCKPAGE;
            case "HTTP_FAILURE" -> FailureMode.HTTP_DIFF;
            case "ERROR" -> FailureMode.UNKNOWN;
            default -> null;
        };
    }

    /** Whether a breakdown counts any failed test. */
    static boolean anyFailure(final Map<String, Long> breakdown) {
        for (final Map.Entry<String, Long> e : breakdown.entrySet()) {
            if (of(e.getKey()) != null && e.getValue() > 0) {
                return true;
            }
        }
        return false;
    }

    /** The mode most failed tests show (ties to the earlier mode), UNKNOWN when none. */
    static FailureMode dominant(final Map<FailureMode, Long> modes) {
        FailureMode best = FailureMode.UNKNOWN;
        long most = 0;
        for (final Map.Entry<FailureMode, Long> e : modes.entrySet()) {
            if (e.getValue() > most) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best;
    }

    static String describe(final FailureMode mode, final Map<FailureMode, Long> modes) {
        final long total = modes.values().stream().mapToLong(Long::longValue).sum();
        final String name = switch (mode) {
            case DNS -> "DNS tampering";
            case TCP_IP -> "TCP/IP blocking";
            case TLS -> "TLS interference";
            case HTTP_BLOCKPAGE -> "an HTTP blockpage";
            case HTTP_DIFF -> "HTTP-level interference";
            default -> "failure mode not known";
        };
        return mode == FailureMode.UNKNOWN ? name
                : String.format(Locale.ROOT, "%s (%d of %d failed tests)", name, modes.getOrDefault(mode, 0L), total);
    }

    /** "a", "a and b", "a, b and c". */
    static String joinNames(final List<String> names) {
        if (names.size() <= 1) {
            return names.isEmpty() ? "" : names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
