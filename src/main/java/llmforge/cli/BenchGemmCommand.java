package llmforge.cli;

import llmforge.io.UserException;
import llmforge.kernels.FmaPeak;
import llmforge.kernels.Gemm;
import llmforge.kernels.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code llmforge bench gemm}: llmforge's sgemm against OpenBLAS's cblas_sgemm on the same native buffers, for
 * every transpose variant. Runs of the two alternate (so machine noise hits both) and the median is reported.
 */
@Command(name = "gemm", mixinStandardHelpOptions = true,
        description = "GEMM GFLOP/s of llmforge vs OpenBLAS (one JSON line per shape and transpose variant).")
final class BenchGemmCommand implements Runnable {
    @Option(names = "--shapes", split = ",", defaultValue = "2048x256x768,2048x1024x256,2048x256x4096",
            description = "MxNxK products: C (M×N) = A (M×K) · B (K×N) (default: ${DEFAULT-VALUE}).")
    List<String> shapes;

    @Option(names = "--variants", split = ",", defaultValue = "NN,NT,TN,TT",
            description = "Transpose of A then B: N or T (default: ${DEFAULT-VALUE}).")
    List<String> variants;

    @Option(names = "--threads", defaultValue = "2", description = "Threads for both libraries (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--runs", defaultValue = "7", description = "Timed runs per library; the median is reported.")
    int runs;

    @Option(names = "--openblas", defaultValue = "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
            description = "OpenBLAS shared library (default: ${DEFAULT-VALUE}).")
    Path openblas;

    @Option(names = "--cpu-time", description = "Time by the calling thread's CPU time instead of the wall clock "
            + "(needs --threads 1): comparable numbers on a machine busy with other work.")
    boolean cpuTime;

    /** Each timed run repeats the product for about this long. */
    private static final double RUN_SECONDS = 0.05;
    /** Pause between the libraries so one's spinning worker threads are asleep before the other is timed. */
    private static final long SETTLE_MILLIS = 60;

    @Override public void run() {
        if (threads < 1) throw new UserException("--threads must be at least 1, got " + threads);
        if (runs < 1) throw new UserException("--runs must be at least 1, got " + runs);
        if (cpuTime && threads != 1) throw new UserException("--cpu-time needs --threads 1 (it times the calling thread only)");
        int[][] dims = shapes.stream().map(BenchGemmCommand::parseShape).toArray(int[][]::new);
        for (String v : variants) {
            if (!v.matches("[NT][NT]")) throw new UserException("--variants: '" + v + "' is not one of NN, NT, TN, TT");
        }
        Parallel.setThreads(threads);
        System.out.println(BenchPeakCommand.line(threads, FmaPeak.gflops(5, 10_000_000)));
        OpenBlasGemm blas = OpenBlasGemm.load(openblas, threads);
        for (int[] d : dims) {
            for (String v : variants) System.out.println(measure(blas, d[0], d[1], d[2], v.charAt(0) == 'T', v.charAt(1) == 'T'));
        }
    }

    static int[] parseShape(String s) {
        String[] p = s.trim().split("x");
        try {
            if (p.length == 3) {
                int[] d = {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
                if (d[0] > 0 && d[1] > 0 && d[2] > 0) return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UserException("--shapes: '" + s + "' is not MxNxK with positive integers (e.g. 2048x256x768)");
    }

    private String measure(OpenBlasGemm blas, int M, int N, int K, boolean tA, boolean tB) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment a = random(arena, (long) M * K, 1), b = random(arena, (long) K * N, 2);
            MemorySegment c = arena.allocate((long) M * N * 4, 64), c2 = arena.allocate((long) M * N * 4, 64);
            int lda = tA ? M : K, ldb = tB ? K : N;
            Runnable ours = () -> Gemm.sgemm(tA, tB, M, N, K, a, 0, lda, b, 0, ldb, c, 0, N, false);
            Runnable theirs = blas == null ? null : () -> blas.sgemm(tA, tB, M, N, K, a, 0, lda, b, 0, ldb, c2, 0, N);
            double flops = 2.0 * M * N * K;
            int reps = (int) Math.max(1, Math.round(RUN_SECONDS * 150e9 / flops));
            double[] mine = new double[runs], base = new double[runs];
            for (int w = 0; w < 3; w++) {
                time(ours, reps);
                if (theirs != null) time(theirs, reps);
            }
            if (theirs != null) checkAgree(c, c2, (long) M * N, K);
            for (int r = 0; r < runs; r++) {
                mine[r] = flops * reps / time(ours, reps) * 1e-9;
                if (theirs != null) base[r] = flops * reps / time(theirs, reps) * 1e-9;
            }
            double g = median(mine);
            String variant = (tA ? "T" : "N") + (tB ? "T" : "N");
            String shape = M + "x" + N + "x" + K;
            if (theirs == null) {
                return String.format(Locale.ROOT, "{\"shape\": \"%s\", \"variant\": \"%s\", \"llmforge_gflops\": %.1f, "
                        + "\"openblas_gflops\": null, \"ratio\": null}", shape, variant, g);
            }
            double o = median(base);
            return String.format(Locale.ROOT, "{\"shape\": \"%s\", \"variant\": \"%s\", \"llmforge_gflops\": %.1f, "
                    + "\"openblas_gflops\": %.1f, \"ratio\": %.3f}", shape, variant, g, o, g / o);
        }
    }

    /** Seconds for {@code reps} calls, after a pause that lets the other library's threads go idle. */
    private double time(Runnable gemm, int reps) {
        try {
            Thread.sleep(SETTLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long t0 = now();
        for (int i = 0; i < reps; i++) gemm.run();
        return (now() - t0) * 1e-9;
    }

    private long now() {
        return cpuTime ? ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Both libraries must compute the same product (up to float rounding) for the timing to mean anything. */
    private static void checkAgree(MemorySegment c, MemorySegment c2, long n, int K) {
        double worst = 0;
        for (long i = 0; i < n; i++) {
            float x = c.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i), y = c2.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
            worst = Math.max(worst, Math.abs(x - y));
        }
        if (!(worst <= 1e-5 * K)) throw new IllegalStateException("llmforge and OpenBLAS disagree by " + worst);
    }

    private static MemorySegment random(Arena arena, long n, long seed) {
        MemorySegment s = arena.allocate(n * 4, 64);
        SplittableRandom r = new SplittableRandom(seed);
        for (long i = 0; i < n; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (float) (r.nextDouble() * 2 - 1));
        return s;
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
