package org.outagewatch.detector.signals;

/** The signals stage 1 folds from raw events, with their ids on {@code signal-points}. */
public enum FoldedSignal {
    /** Share of OK probes towards (or from) an ASN; coverage = probes. */
    PROBE_REACHABLE("probe.reachable"),
    /** Bytes counted for an ASN; coverage = samples. */
    TRAFFIC_VOLUME("traffic.volume");

    private final String id;

    FoldedSignal(final String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The signal with this id, or null. */
    public static FoldedSignal byId(final String id) {
        for (final FoldedSignal signal : values()) {
            if (signal.id.equals(id)) {
                return signal;
            }
        }
        return null;
    }
}
