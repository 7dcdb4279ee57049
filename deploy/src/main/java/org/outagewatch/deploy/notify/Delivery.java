package org.outagewatch.deploy.notify;

/**
 * One incident event to POST: its body, and its id {@code topic-partition-offset} (the {@value #ID_HEADER} header,
 * the same on every retry and after a restart, so a receiver can drop a repeat).
 */
public record Delivery(String id, String status, String incidentId, String body) {
    public static final String ID_HEADER = "X-Outagewatch-Delivery";
    public static final String EVENT_HEADER = "X-Outagewatch-Event";
}
