package llmforge.kernels;

import llmforge.Approx;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Test plumbing for kernel-vs-reference checks: float[] <-> native segments, doubles. */
final class Kernels {
    private Kernels() {}

    /** A segment holding {@code pad} garbage floats and then the values, so kernels see a non-zero offset. */
    static MemorySegment segment(float[] values, int pad) {
        MemorySegment s = Arena.ofAuto().allocate((long) (values.length + pad) * 4 + 4, 4);
        for (int i = 0; i < pad; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, Float.NaN);
        MemorySegment.copy(values, 0, s, ValueLayout.JAVA_FLOAT_UNALIGNED, (long) pad * 4, values.length);
        return s;
    }

    static float[] read(MemorySegment s, int pad, int n) {
        float[] out = new float[n];
        MemorySegment.copy(s, ValueLayout.JAVA_FLOAT_UNALIGNED, (long) pad * 4, out, 0, n);
        return out;
    }

    static double[] d(float[] f) { return Approx.toDouble(f); }

    static float[] random(long seed, int n, double lo, double hi) { return Approx.random(seed, n, lo, hi); }

    static int[] targets(long seed, int n, int v, int ignoreIndex, double ignoreFraction) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = r.nextDouble() < ignoreFraction ? ignoreIndex : r.nextInt(v);
        return t;
    }
}
