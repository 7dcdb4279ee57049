package org.outagewatch.ingest.app;

import java.io.PrintWriter;
import java.util.Locale;
import org.outagewatch.ingest.publish.EventPublisher;
import org.outagewatch.ingest.publish.PublishSummary;

/**
 * The end of a publishing command, shared by the file and RIS Live runners (and, for the exit code, by synthetic and
 * bgp publish): consumes the runner's publisher (none on a
 * dry run) and produces its summary, the {@code producer:} line on stdout and the exit code, with one line on stderr
 * when records failed to publish.
 */
final class PublishOutcome {
    private PublishOutcome() {
    }

    /** Flushes the publisher and returns its summary; null on a dry run (no publisher). */
    static PublishSummary flush(final EventPublisher publisher) {
        if (publisher == null) {
            return null;
        }
        publisher.flush();
        return publisher.summary();
    }

    /**
     * Prints the producer summary (when there is one) and flushes {@code out}; returns {@link CliErrors#FAILURE} with
     * one line on {@code err} when records failed to publish, else 0.
     */
    static int report(final PublishSummary summary, final PrintWriter out, final PrintWriter err, final String command) {
        if (summary != null) {
            out.printf(Locale.ROOT, "producer: %s%n", summary);
        }
        out.flush();
        return exitCode(summary, err, command);
    }

    /** {@link CliErrors#FAILURE} with one line on {@code err} when records failed to publish, else 0. */
    static int exitCode(final PublishSummary summary, final PrintWriter err, final String command) {
        if (summary != null && summary.failed() > 0) {
            err.println(command + ": " + summary.failed() + " records failed to publish (see the log)");
            err.flush();
            return CliErrors.FAILURE;
        }
        return 0;
    }
}
