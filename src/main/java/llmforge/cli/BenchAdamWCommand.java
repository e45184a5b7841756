package llmforge.cli;

import llmforge.io.UserException;
import llmforge.kernels.AdamWKernel;
import llmforge.kernels.AdamWKernelReference;
import llmforge.kernels.Parallel;
import llmforge.kernels.SumOfSquares;
import llmforge.kernels.SumOfSquaresReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times the fused AdamW update and the gradient sum of squares against their scalar twins in the same run:
 * the twin (1 thread, double), the fast kernel on 1 thread, then on every thread of the pool.
 */
@Command(name = "adamw", mixinStandardHelpOptions = true,
        description = "Benchmark the AdamW update and gradient-norm kernels against their scalar references.")
public final class BenchAdamWCommand implements Runnable {
    @Option(names = "--params", description = "Parameters updated per step (default: ${DEFAULT-VALUE}).")
    int params = 10_000_000;

    @Option(names = "--iters", description = "Timed repetitions of each variant, after a warm-up (default: ${DEFAULT-VALUE}).")
    int iters = 10;

    /** Bytes an update moves per parameter: reads p, g, m, v and writes p, m, v (float32). */
    private static final int UPDATE_BYTES = 7 * Float.BYTES;

    @Override public void run() {
        if (params < 1) throw new UserException("--params must be >= 1, got " + params);
        if (iters < 1) throw new UserException("--iters must be >= 1, got " + iters);
        int poolThreads = Parallel.threads();
        MemorySegment seg = Arena.ofAuto().allocate(4L * params * Float.BYTES, 64);
        SplittableRandom r = new SplittableRandom(1);
        for (long i = 0; i < 4L * params; i++) seg.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) (r.nextDouble() - 0.5) * 0.01f);
        double[] p = new double[params], g = new double[params], m = new double[params], v = new double[params];
        for (int i = 0; i < params; i++) g[i] = r.nextDouble() - 0.5;
        long n = params;
        AdamWKernel.Hyper h = new AdamWKernel.Hyper(1e-4, 0.9, 0.95, 1e-8, 0.1, 10);

        System.out.printf(Locale.ROOT, "AdamW update, %,d parameters, %d iterations (ms per step, GB/s moved, speed-up)%n", params, iters);
        double ref = time(() -> AdamWKernelReference.update(p, g, m, v, h));
        report("reference (double, 1 thread)", ref, ref, (double) n * UPDATE_BYTES);
        Parallel.setThreads(1);
        report("fast, 1 thread", time(() -> AdamWKernel.update(seg, 0, seg, n, seg, 2 * n, seg, 3 * n, n, h)), ref, (double) n * UPDATE_BYTES);
        Parallel.setThreads(poolThreads);
        report("fast, " + poolThreads + " threads", time(() -> AdamWKernel.update(seg, 0, seg, n, seg, 2 * n, seg, 3 * n, n, h)), ref, (double) n * UPDATE_BYTES);

        System.out.printf(Locale.ROOT, "Gradient sum of squares, %,d values%n", params);
        double[] sink = new double[1];
        double sref = time(() -> sink[0] += SumOfSquaresReference.of(g));
        report("reference (double, 1 thread)", sref, sref, (double) n * Float.BYTES);
        Parallel.setThreads(1);
        report("fast, 1 thread", time(() -> sink[0] += SumOfSquares.of(seg, n, n)), sref, (double) n * Float.BYTES);
        Parallel.setThreads(poolThreads);
        report("fast, " + poolThreads + " threads", time(() -> sink[0] += SumOfSquares.of(seg, n, n)), sref, (double) n * Float.BYTES);
        if (Double.isNaN(sink[0])) System.out.println("(unexpected NaN)");
    }

    /**
     * Median milliseconds of {@code iters} runs, after at least a second of warm-up: Vector API code is
     * hundreds of times slower until C2 has compiled it, so a single warm-up run would time the interpreter.
     */
    private double time(Runnable body) {
        long warmUntil = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < 3 || System.nanoTime() < warmUntil; i++) body.run();
        double[] ms = new double[iters];
        for (int i = 0; i < iters; i++) {
            long t0 = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        java.util.Arrays.sort(ms);
        return ms[iters / 2];
    }

    private static void report(String what, double ms, double baselineMs, double bytes) {
        System.out.printf(Locale.ROOT, "  %-30s %9.2f ms  %6.2f GB/s  %6.2fx%n", what, ms, bytes / ms / 1e6, baselineMs / ms);
    }
}
