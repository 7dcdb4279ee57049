package org.outagewatch.deploy.backtest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.outagewatch.detector.backtest.BacktestRecord;
import org.outagewatch.detector.backtest.Labels;
import org.outagewatch.ingest.synthetic.WorldEvent;
import org.outagewatch.ingest.synthetic.WorldGenerator;
import org.outagewatch.ingest.synthetic.WorldSpec;

/**
 * One synthetic scenario of the quality report: a world (with its injected outages), a transformation of its
 * events for what the generator does not model (a level shift, a holiday dip, a network without traffic
 * counters; it returns null to drop an event), and its ground truth.
 *
 * @param name short name, as {@code --scenario} takes it
 * @param description one line for the table's legend
 * @param spec the world
 * @param transform applied to every event in order; null drops the event
 * @param labels the ground truth: every network, and the outage windows a detector should find
 */
public record Scenario(String name, String description, WorldSpec spec,
                       Function<WorldEvent, BacktestRecord> transform, Labels labels) {
    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(labels, "labels");
    }

    /** The scenario's events, in event-time order, transformed. */
    public Iterable<BacktestRecord> events() {
        return () -> new Iterator<>() {
            private final Iterator<WorldEvent> world = new WorldGenerator(spec).iterator(spec.start(), spec.end());
            private BacktestRecord next = advance();

            private BacktestRecord advance() {
                while (world.hasNext()) {
                    final BacktestRecord r = transform.apply(world.next());
                    if (r != null) {
                        return r;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public BacktestRecord next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                final BacktestRecord current = next;
                next = advance();
                return current;
            }
        };
    }

    /** All events in a list (for small scenarios and tests). */
    public List<BacktestRecord> eventList() {
        final List<BacktestRecord> out = new ArrayList<>();
        events().forEach(out::add);
        return out;
    }

    /** An event unchanged, as a backtest record. */
    static BacktestRecord asIs(final WorldEvent event) {
        if (event instanceof WorldEvent.Probe p) {
            return new BacktestRecord.Probe(p.value());
        }
        return new BacktestRecord.Traffic(((WorldEvent.Traffic) event).value());
    }
}
