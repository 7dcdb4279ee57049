package org.outagewatch.detector.baseline;

import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of {@link BaselineModel}: update and score ({@code observe}) on a realistic traffic series, on one
 * hot series and round-robin over many series (state out of cache), and the state serde ({@code toBytes},
 * {@code fromBytes}, and the processor's per-point cycle fromBytes + observe + toBytes).
 *
 * <p>Run with {@code detector/bench/model-jmh.sh}; not a test (surefire runs {@code *Test} only).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class BaselineModelBenchmark {
    private static final long T0 = Instant.parse("2024-03-04T00:00:00Z").toEpochMilli();
    private static final long WINDOW = 5 * 60_000L;
    private static final int WINDOWS_PER_DAY = (int) (BaselineModel.DAY_MILLIS / WINDOW);
    /** Four weeks of points, replayed cyclically with time moving on, so daily and weekly cycles stay aligned. */
    private static final int SERIES_LENGTH = 28 * WINDOWS_PER_DAY;
    private static final ModelParameters RULES = ModelParameters.DEFAULTS;
    private static final int MANY_SERIES = 4096;

    /**
     * A traffic counter: daily sinusoid of +-35%, weekends at 80%, 3% noise, and a 45-minute 70% drop every
     * third day, so the model learns, rejects, opens and resolves as in production.
     */
    static double[] realisticSeries(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final double base = 1_000 + random.nextDouble() * 100_000;
        final double phase = random.nextDouble() * 2 * Math.PI;
        final double[] values = new double[SERIES_LENGTH];
        for (int i = 0; i < SERIES_LENGTH; i++) {
            final int day = i / WINDOWS_PER_DAY;
            final int inDay = i % WINDOWS_PER_DAY;
            final double daily = 1 + 0.35 * Math.sin(2 * Math.PI * inDay / WINDOWS_PER_DAY + phase);
            final double weekly = day % 7 >= 5 ? 0.8 : 1.0;
            final double noise = 1 + 0.03 * (random.nextDouble() * 2 - 1);
            final boolean dropped = day % 3 == 2 && inDay >= 150 && inDay < 159;
            values[i] = base * daily * weekly * noise * (dropped ? 0.3 : 1.0);
        }
        return values;
    }

    static Observation point(final long index, final double[] values) {
        final long start = T0 + index * WINDOW;
        return new Observation(start, start + WINDOW, values[(int) (index % values.length)], 12, false);
    }

    /** One series, always in cache. */
    @State(Scope.Thread)
    public static class OneSeries {
        double[] values;
        BaselineModel model;
        long index;

        @Setup(Level.Trial)
        public void setUp() {
            values = realisticSeries(1);
            model = new BaselineModel();
            for (index = 0; index < 3L * WINDOWS_PER_DAY; index++) {
                model.observe(point(index, values), RULES);
            }
        }
    }

    /** Many series updated round-robin, as a stream task sees its keys; the states do not fit in L2. */
    @State(Scope.Thread)
    public static class ManySeries {
        double[][] values;
        BaselineModel[] models;
        byte[][] encoded;
        long round;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            values = new double[16][];
            for (int v = 0; v < values.length; v++) {
                values[v] = realisticSeries(v);
            }
            models = new BaselineModel[MANY_SERIES];
            encoded = new byte[MANY_SERIES][];
            for (int s = 0; s < MANY_SERIES; s++) {
                models[s] = new BaselineModel();
            }
            for (round = 0; round < 2L * WINDOWS_PER_DAY; round++) {
                for (int s = 0; s < MANY_SERIES; s++) {
                    models[s].observe(point(round, values[s % values.length]), RULES);
                }
            }
            for (int s = 0; s < MANY_SERIES; s++) {
                encoded[s] = models[s].toBytes();
            }
        }

        int advance() {
            final int s = next;
            next++;
            if (next == MANY_SERIES) {
                next = 0;
                round++;
            }
            return s;
        }
    }

    @Benchmark
    public Optional<AlertEvent> observeOneSeries(final OneSeries state) {
        return state.model.observe(point(state.index++, state.values), RULES);
    }

    @Benchmark
    public Optional<AlertEvent> observeManySeries(final ManySeries state) {
        final int s = state.advance();
        return state.models[s].observe(point(state.round, state.values[s % state.values.length]), RULES);
    }

    @Benchmark
    public byte[] toBytes(final OneSeries state) {
        return state.model.toBytes();
    }

    @Benchmark
    public BaselineModel fromBytes(final ManySeries state) {
        return BaselineModel.fromBytes(state.encoded[state.advance()]);
    }

    /** What the stream processor does per point: read the state, update and score, write the state back. */
    @Benchmark
    public Optional<AlertEvent> fromBytesObserveToBytes(final ManySeries state) {
        final int s = state.advance();
        final BaselineModel model = BaselineModel.fromBytes(state.encoded[s]);
        final Optional<AlertEvent> event = model.observe(point(state.round, state.values[s % state.values.length]), RULES);
        state.encoded[s] = model.toBytes();
        return event;
    }
}
