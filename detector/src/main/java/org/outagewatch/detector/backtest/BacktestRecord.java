package org.outagewatch.detector.backtest;

import java.time.Instant;
import java.util.Objects;
import org.outagewatch.schemas.ConnectionEvent;
import org.outagewatch.schemas.ProbeResult;
import org.outagewatch.schemas.SignalPoint;
import org.outagewatch.schemas.TrafficSample;

/**
 * One input record of a backtest, in the form the detector's topics carry it: a raw probe result, traffic
 * sample or probe connection event (stage 1 folds them), or a ready signal point of a series (stage 2 scores it directly). A closed set.
 */
public sealed interface BacktestRecord {
    /** The event time, which orders the input. */
    Instant eventTime();

    /** The entity the record informs ({@code AS<asn>}, or a series' own entity id). */
    String entity();

    /** A probe result for {@code probe-results}, keyed by its target ASN (or its vantage ASN without a target). */
    record Probe(ProbeResult value) implements BacktestRecord {
        public Probe {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Instant eventTime() {
            return value.getMeasuredAt();
        }

        @Override
        public String entity() {
            final Long target = value.getTargetAsn();
            return "AS" + (target != null ? target : value.getVantageAsn());
        }
    }

    /** A traffic sample for {@code traffic-samples}, keyed by its ASN. */
    record Traffic(TrafficSample value) implements BacktestRecord {
        public Traffic {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Instant eventTime() {
            return value.getIntervalStart();
        }

        @Override
        public String entity() {
            return "AS" + value.getAsn();
        }
    }

    /** A probe connection event (RIPE Atlas msm 7000) for {@code atlas-connections}, keyed by the probe's ASN. */
    record Connection(ConnectionEvent value) implements BacktestRecord {
        public Connection {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Instant eventTime() {
            return value.getOccurredAt();
        }

        @Override
        public String entity() {
            return "AS" + value.getAsn();
        }
    }

    /** A point of a series for {@code signal-points}, keyed {@code <entity>|<signal>}; its time is its window start. */
    record Point(SignalPoint value) implements BacktestRecord {
        public Point {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Instant eventTime() {
            return value.getWindowStart();
        }

        @Override
        public String entity() {
            return value.getEntity();
        }
    }
}
