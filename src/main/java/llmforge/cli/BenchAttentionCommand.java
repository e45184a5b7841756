package llmforge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import llmforge.io.UserException;
import llmforge.kernels.Attention;
import llmforge.kernels.AttentionMask;
import llmforge.kernels.AttentionReference;
import llmforge.kernels.AttentionShape;
import llmforge.kernels.HeadsView;
import llmforge.kernels.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code llmforge bench attention}: the fused attention kernels (forward, backward) against the scalar double
 * reference that materialises the score matrix, timed in the same run. One JSON line per sequence length.
 */
@Command(name = "attention", mixinStandardHelpOptions = true,
        description = "Time fused causal attention forward/backward vs the scalar reference.")
public final class BenchAttentionCommand implements Runnable {
    @Option(names = "--batch", defaultValue = "8", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--heads", defaultValue = "4", description = "Query heads (default ${DEFAULT-VALUE}).")
    int heads;
    @Option(names = "--kv-heads", description = "Key/value heads (default: same as --heads).")
    Integer kvHeads;
    @Option(names = "--head-dim", defaultValue = "64", description = "Head dimension (default ${DEFAULT-VALUE}).")
    int headDim;
    @Option(names = "--seq", split = ",", defaultValue = "256,1024", description = "Sequence lengths (default ${DEFAULT-VALUE}).")
    int[] seqs;
    @Option(names = "--bidirectional", description = "No causal mask.")
    boolean bidirectional;
    @Option(names = "--reps", defaultValue = "20", description = "Timed repetitions of the fast kernels; median and minimum are reported (default ${DEFAULT-VALUE}).")
    int reps;
    @Option(names = "--reference-reps", defaultValue = "1", description = "Timed repetitions of the reference; 0 skips it (default ${DEFAULT-VALUE}).")
    int referenceReps;
    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    Integer threads;

    @Override public void run() {
        if (batch < 1 || heads < 1 || headDim < 1 || reps < 1 || referenceReps < 0) {
            throw new UserException("--batch, --heads, --head-dim and --reps must be >= 1, --reference-reps >= 0");
        }
        int hkv = kvHeads == null ? heads : kvHeads;
        if (hkv < 1 || heads % hkv != 0) throw new UserException("--heads (" + heads + ") must be a multiple of --kv-heads (" + hkv + ")");
        if (threads != null) {
            if (threads < 1) throw new UserException("--threads must be >= 1, got " + threads);
            Parallel.setThreads(threads);
        }
        ObjectMapper json = new ObjectMapper();
        for (int t : seqs) {
            if (t < 1) throw new UserException("--seq lengths must be >= 1, got " + t);
            try {
                System.out.println(json.writeValueAsString(measure(new AttentionShape(batch, heads, hkv, t, t, headDim))));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Map<String, Object> measure(AttentionShape sh) {
        AttentionMask mask = bidirectional ? AttentionMask.BIDIRECTIONAL : AttentionMask.CAUSAL;
        float scale = Attention.defaultScale(sh.headDim());
        int t = sh.queries(), d = sh.headDim();
        long qn = (long) sh.batch() * sh.heads() * t * d, kn = (long) sh.batch() * sh.kvHeads() * t * d;
        float[] qa = random(1, qn), ka = random(2, kn), va = random(3, kn), ga = random(4, qn);
        MemorySegment q = segment(qa), k = segment(ka), v = segment(va), g = segment(ga);
        MemorySegment out = segment(new float[(int) qn]), lse = segment(new float[sh.batch() * sh.heads() * t]);
        MemorySegment delta = segment(new float[sh.batch() * sh.heads() * t]);
        MemorySegment dq = segment(new float[(int) qn]), dk = segment(new float[(int) kn]), dv = segment(new float[(int) kn]);
        HeadsView qv = HeadsView.bhtd(q, 0, sh.heads(), t, d), ov = HeadsView.bhtd(out, 0, sh.heads(), t, d);
        HeadsView kv = HeadsView.bhtd(k, 0, sh.kvHeads(), t, d), vv = HeadsView.bhtd(v, 0, sh.kvHeads(), t, d);
        HeadsView gv = HeadsView.bhtd(g, 0, sh.heads(), t, d), dqv = HeadsView.bhtd(dq, 0, sh.heads(), t, d);
        HeadsView dkv = HeadsView.bhtd(dk, 0, sh.kvHeads(), t, d), dvv = HeadsView.bhtd(dv, 0, sh.kvHeads(), t, d);
        Runnable fwd = () -> Attention.forward(sh, mask, scale, qv, kv, vv, ov, lse, 0);
        Runnable bwd = () -> Attention.backward(sh, mask, scale, qv, kv, vv, ov, lse, 0, gv, dqv, dkv, dvv, delta, 0);
        double[] fwdMs = time(fwd, reps), bwdMs = time(bwd, reps);

        Map<String, Object> row = new LinkedHashMap<>();
        row.put("bench", "attention");
        row.put("mask", bidirectional ? "bidirectional" : "causal");
        row.put("batch", sh.batch());
        row.put("heads", sh.heads());
        row.put("kv_heads", sh.kvHeads());
        row.put("seq", t);
        row.put("head_dim", d);
        row.put("threads", Parallel.threads());
        row.put("forward_ms", round(fwdMs[0]));
        row.put("forward_min_ms", round(fwdMs[1]));
        row.put("backward_ms", round(bwdMs[0]));
        row.put("backward_min_ms", round(bwdMs[1]));
        // attention FLOPs: 2 matmuls forward, 5 in a minimal backward; a causal mask keeps about half the pairs
        double pairs = (double) sh.batch() * sh.heads() * t * t * (bidirectional ? 1 : 0.5);
        row.put("forward_gflops", round(4 * pairs * d / fwdMs[0] / 1e6));
        row.put("backward_gflops", round(10 * pairs * d / bwdMs[0] / 1e6));
        if (referenceReps > 0) {
            double[] qd = toDouble(qa), kd = toDouble(ka), vd = toDouble(va), gd = toDouble(ga);
            double refF = time(() -> AttentionReference.forward(sh, mask, scale, qd, kd, vd), referenceReps)[0];
            double refB = time(() -> AttentionReference.backward(sh, mask, scale, qd, kd, vd, gd), referenceReps)[0];
            row.put("reference_forward_ms", round(refF));
            row.put("reference_backward_ms", round(refB));
            row.put("forward_speedup", round(refF / fwdMs[0]));
            row.put("backward_speedup", round(refB / bwdMs[0]));
        }
        // other processes on the machine inflate wall times; the load average says how busy it was
        row.put("load_average", round(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        return row;
    }

    /** {median, min} wall time in ms, after a warm-up of at least 3 runs and about a second (for the JIT). */
    private static double[] time(Runnable r, int reps) {
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        for (int i = 0; i < 3 || (i < 1000 && System.nanoTime() < warmEnd); i++) r.run();
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[reps / 2], ms[0]};
    }

    private static double round(double x) { return Math.round(x * 1000) / 1000.0; }

    private static float[] random(long seed, long n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[Math.toIntExact(n)];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    private static MemorySegment segment(float[] x) {
        MemorySegment s = Arena.ofAuto().allocate(Math.max(1, x.length) * 4L, 64);
        MemorySegment.copy(x, 0, s, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, x.length);
        return s;
    }
}
