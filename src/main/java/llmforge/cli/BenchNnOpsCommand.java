package llmforge.cli;

import llmforge.kernels.CrossEntropy;
import llmforge.kernels.CrossEntropyReference;
import llmforge.kernels.LayerNorm;
import llmforge.kernels.LayerNormReference;
import llmforge.kernels.Parallel;
import llmforge.kernels.Pointwise;
import llmforge.kernels.PointwiseReference;
import llmforge.kernels.Softmax;
import llmforge.kernels.SoftmaxReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/** Times the fast nn kernels against their scalar double twins (the baseline) on training-sized shapes. */
@Command(name = "nnops", mixinStandardHelpOptions = true,
        description = "Benchmark the nn kernels (cross-entropy, layer norm, GELU, softmax) vs their scalar references.")
public final class BenchNnOpsCommand implements Runnable {
    @Option(names = "--threads", description = "worker threads (default: all cores)") Integer threads;
    @Option(names = "--rows", defaultValue = "1024", description = "rows (tokens) per kernel call") int rows;
    @Option(names = "--vocab", defaultValue = "8192", description = "cross-entropy vocabulary") int vocab;
    @Option(names = "--channels", defaultValue = "768", description = "layer-norm / softmax width") int channels;

    @Override public void run() {
        if (threads != null) Parallel.setThreads(threads);
        System.out.printf("threads %d, rows %d, vocab %d, channels %d%n", Parallel.threads(), rows, vocab, channels);
        System.out.printf("%-28s %12s %12s %9s%n", "kernel", "fast ms", "scalar ms", "speedup");

        int n = rows, v = vocab, c = channels;
        MemorySegment logits = random(1, (long) n * v, -4, 4), dlogits = random(2, (long) n * v, 0, 0);
        double[] logitsD = doubles(logits, (long) n * v);
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) targets[i] = (i * 7919) % v;
        float[] lse = new float[n], tl = new float[n], coef = new float[n];
        java.util.Arrays.fill(coef, 1f / n);
        report("cross-entropy fwd+bwd", () -> {
            CrossEntropy.forward(logits, 0, n, v, targets, -100, lse, tl);
            CrossEntropy.backward(logits, 0, n, v, targets, -100, lse, coef, dlogits, 0);
        }, () -> {
            CrossEntropyReference.loss(logitsD, n, v, targets, null, -100, n);
            CrossEntropyReference.backward(logitsD, n, v, targets, -100, new double[n], new double[n * v]);
        });

        MemorySegment x = random(3, (long) n * c, -2, 2), w = random(4, c, 0.5, 1.5), b = random(5, c, -1, 1),
                y = random(6, (long) n * c, 0, 0), dx = random(7, (long) n * c, 0, 0), dw = random(8, c, 0, 0), db = random(9, c, 0, 0);
        double[] xD = doubles(x, (long) n * c), wD = doubles(w, c), bD = doubles(b, c);
        float[] mean = new float[n], rstd = new float[n];
        report("layernorm fwd+bwd", () -> {
            LayerNorm.forward(x, 0, w, 0, b, 0, y, 0, mean, rstd, n, c, 1e-5f);
            LayerNorm.backward(y, 0, x, 0, w, 0, mean, rstd, n, c, dx, 0, dw, 0, db, 0);
        }, () -> {
            double[] yD = LayerNormReference.forward(xD, wD, bD, n, c, 1e-5);
            LayerNormReference.backward(yD, xD, wD, n, c, 1e-5, new double[n * c], new double[c], new double[c]);
        });

        long m = (long) n * c;
        for (Pointwise.Fn f : new Pointwise.Fn[] {Pointwise.Fn.GELU_TANH, Pointwise.Fn.GELU_ERF}) {
            report(f.name().toLowerCase() + " fwd+bwd", () -> {
                Pointwise.forward(f, x, 0, y, 0, m);
                Pointwise.backward(f, x, 0, y, 0, x, 0, dx, 0, m);
            }, () -> {
                double s = 0;
                for (double xv : xD) s += PointwiseReference.apply(f, xv) + PointwiseReference.derivative(f, xv);
                if (s == 42) System.out.print("");
            });
        }
        report("softmax fwd+bwd", () -> {
            Softmax.forward(false, x, 0, y, 0, n, c);
            Softmax.backward(false, y, 0, x, 0, dx, 0, n, c);
        }, () -> SoftmaxReference.forward(false, xD, n, c));
    }

    private static void report(String name, Runnable fast, Runnable scalar) {
        double f = time(fast, 5), s = time(scalar, 1);
        System.out.printf("%-28s %12.2f %12.2f %8.1fx%n", name, f, s, s / f);
    }

    /** Best of several runs after warm-up, in milliseconds. */
    private static double time(Runnable r, int reps) {
        for (int i = 0; i < 20; i++) r.run();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return best;
    }

    private static MemorySegment random(long seed, long n, double lo, double hi) {
        MemorySegment s = Arena.ofAuto().allocate(n * 4, 64);
        SplittableRandom r = new SplittableRandom(seed);
        for (long i = 0; i < n; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (lo + (hi - lo) * r.nextDouble()));
        return s;
    }

    private static double[] doubles(MemorySegment s, long n) {
        double[] d = new double[(int) n];
        for (int i = 0; i < n; i++) d[i] = s.getAtIndex(ValueLayout.JAVA_FLOAT, i);
        return d;
    }
}
