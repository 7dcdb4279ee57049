import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import org.outagewatch.detector.baseline.BaselineModel;
import org.outagewatch.detector.baseline.ModelParameters;
import org.outagewatch.detector.baseline.Observation;

/**
 * BaselineModel.observe per second of this thread's CPU time, for a shared machine where JMH's wall-clock rates say
 * little. The series are JMH's (BaselineModelBenchmark.realisticSeries). Usage, after building the detector:
 * {@code java -cp detector/target/classes detector/bench/ModelCpuRate.java SERIES} (1 = one series in cache, 4096 =
 * round-robin); prints 8 rounds of 2 CPU-seconds.
 */
public class ModelCpuRate {
    static final long T0 = 1709510400000L, W = 300_000L; static final int DAY = 288, LEN = 28 * DAY;
    static double[] series(long seed) {
        SplittableRandom r = new SplittableRandom(seed); double base = 1000 + r.nextDouble() * 100000, ph = r.nextDouble() * 6.28;
        double[] v = new double[LEN];
        for (int i = 0; i < LEN; i++) { int d = i / DAY, k = i % DAY;
            v[i] = base * (1 + 0.35 * Math.sin(6.283 * k / DAY + ph)) * (d % 7 >= 5 ? 0.8 : 1) * (1 + 0.03 * (r.nextDouble() * 2 - 1)) * (d % 3 == 2 && k >= 150 && k < 159 ? 0.3 : 1); }
        return v;
    }
    public static void main(String[] a) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int n = Integer.parseInt(a[0]);
        double[][] vs = new double[16][]; for (int i = 0; i < 16; i++) vs[i] = series(i);
        BaselineModel[] ms = new BaselineModel[n]; for (int i = 0; i < n; i++) ms[i] = new BaselineModel();
        long idx = 0; long sink = 0;
        for (int round = 0; round < 8; round++) {
            long c0 = mx.getCurrentThreadCpuTime(); long ops = 0;
            long target = c0 + 2_000_000_000L;
            while (mx.getCurrentThreadCpuTime() < target) {
                for (int b = 0; b < 20000; b++) {
                    int s = (int) (ops % n); long i = idx + ops / n;
                    long st = T0 + i * W;
                    if (ms[s].observe(new Observation(st, st + W, vs[s & 15][(int) (i % LEN)], 12, false), ModelParameters.DEFAULTS).isPresent()) sink++;
                    ops++;
                }
            }
            idx += ops / n + 1;
            double sec = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
            System.out.printf("round %d: %.2f M updates per CPU-second (%d series)%n", round, ops / sec / 1e6, n);
        }
        System.out.println("sink " + sink + " state " + BaselineModel.ENCODED_SIZE + " bytes");
    }
}
