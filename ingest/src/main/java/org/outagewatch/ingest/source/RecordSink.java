package org.outagewatch.ingest.source;

/** Where parsed events and rejected input go: a publisher, a dry-run validator, or a test's lists. */
public interface RecordSink {
    /** An event to publish. */
    void accept(Keyed record);

    /** Input that cannot be used, with the reason and its origin (a dead letter). */
    void reject(Origin origin, String reason, Throwable error, byte[] payload);
}
