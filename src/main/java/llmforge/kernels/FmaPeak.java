package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * The machine's float32 FMA throughput as the Vector API reaches it: independent FMA chains on every thread of
 * the pool. Benchmarks divide their GFLOP/s by this to say how close to the hardware they are.
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Chains per thread: enough to cover FMA latency × FMA ports (4 cycles × 2 on current x86). */
    private static final int CHAINS = 12;
    private static volatile float sink;

    private FmaPeak() {}

    /** Median GFLOP/s over {@code runs} timings of {@code iterations} loop trips per thread, after a warm-up. */
    public static double gflops(int runs, long iterations) {
        int tasks = Parallel.threads();
        measure(tasks, iterations / 4);
        double[] g = new double[runs];
        for (int r = 0; r < runs; r++) g[r] = measure(tasks, iterations);
        Arrays.sort(g);
        return g[runs / 2];
    }

    private static double measure(int tasks, long iterations) {
        float[] out = new float[tasks];
        long t0 = System.nanoTime();
        Parallel.forTasks(tasks, t -> out[t] = chains(iterations, 1e-7f * (t + 1)));
        double seconds = (System.nanoTime() - t0) * 1e-9;
        sink = out[0];
        return (double) tasks * iterations * CHAINS * S.length() * 2 / seconds * 1e-9;
    }

    /** x = x * m + e on 12 independent vectors; |m| < 1 keeps the values bounded. */
    private static float chains(long iterations, float e) {
        FloatVector m = FloatVector.broadcast(S, 0.999999f), d = FloatVector.broadcast(S, e);
        FloatVector x0 = FloatVector.broadcast(S, 1f), x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0;
        FloatVector x6 = x0, x7 = x0, x8 = x0, x9 = x0, x10 = x0, x11 = x0;
        for (long i = 0; i < iterations; i++) {
            x0 = x0.fma(m, d); x1 = x1.fma(m, d); x2 = x2.fma(m, d); x3 = x3.fma(m, d);
            x4 = x4.fma(m, d); x5 = x5.fma(m, d); x6 = x6.fma(m, d); x7 = x7.fma(m, d);
            x8 = x8.fma(m, d); x9 = x9.fma(m, d); x10 = x10.fma(m, d); x11 = x11.fma(m, d);
        }
        FloatVector s = x0.add(x1).add(x2).add(x3).add(x4).add(x5).add(x6).add(x7).add(x8).add(x9).add(x10).add(x11);
        return s.reduceLanes(VectorOperators.ADD);
    }
}
