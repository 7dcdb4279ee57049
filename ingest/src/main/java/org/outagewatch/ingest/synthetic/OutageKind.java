package org.outagewatch.ingest.synthetic;

/** How deep an injected outage is: FULL takes the network down entirely, PARTIAL only in part. */
public enum OutageKind {
    FULL,
    PARTIAL;

    static OutageKind of(final double depth) {
        return depth >= 1.0 ? FULL : PARTIAL;
    }
}
