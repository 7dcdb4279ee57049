package org.outagewatch.deploy.console;

import org.outagewatch.schemas.Incident;
import org.outagewatch.schemas.OutageAlert;

/** One record of the feed an operator follows: an alert event from {@code outage-alerts} or an incident from {@code incidents}. */
public sealed interface FeedEvent {
    /** The record's Kafka timestamp, in epoch milliseconds. */
    long timestamp();

    /** An OPEN, UPDATE or RESOLVED alert. */
    record AlertEvent(OutageAlert alert, long timestamp) implements FeedEvent {
    }

    /** An OPEN, UPDATE or RESOLVED incident. */
    record IncidentEvent(Incident incident, long timestamp) implements FeedEvent {
    }
}
