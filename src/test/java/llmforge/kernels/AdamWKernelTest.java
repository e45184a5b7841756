package llmforge.kernels;

import llmforge.Approx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertThrows;

class AdamWKernelTest {
    private static final int[] SIZES = {1, 3, 17, 1000, 100003};
    /** Buffers start a few floats into their segments so unaligned offsets are exercised. */
    private static final long OFF = 3;

    @AfterEach
    void restoreThreads() { Parallel.setThreads(Parallel.defaultThreads()); }

    /** p, g, m, v packed in one segment at different offsets, as float arrays for the reference. */
    private record Buffers(MemorySegment seg, int n) {
        static Buffers random(long seed, int n) {
            MemorySegment seg = Arena.ofAuto().allocate((4L * n + OFF) * 4);
            Buffers b = new Buffers(seg, n);
            b.put(0, Approx.random(seed, n, -1, 1));
            b.put(1, Approx.random(seed + 1, n, -1, 1));
            b.put(2, Approx.random(seed + 2, n, -0.1, 0.1));
            float[] v = Approx.random(seed + 3, n, 0, 0.01);
            b.put(3, v);
            return b;
        }

        long off(int which) { return OFF + (long) which * n; }

        void put(int which, float[] a) { MemorySegment.copy(a, 0, seg, ValueLayout.JAVA_FLOAT_UNALIGNED, off(which) * 4, n); }

        float[] get(int which) {
            float[] a = new float[n];
            MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT_UNALIGNED, off(which) * 4, a, 0, n);
            return a;
        }

        void step(AdamWKernel.Hyper h) {
            AdamWKernel.update(seg, off(0), seg, off(1), seg, off(2), seg, off(3), n, h);
        }
    }

    @Test
    void matchesReferenceOnOddSizesOverSeveralSteps() {
        for (int n : SIZES) {
            Buffers b = Buffers.random(n, n);
            double[] p = Approx.toDouble(b.get(0)), m = Approx.toDouble(b.get(2)), v = Approx.toDouble(b.get(3));
            for (int t = 1; t <= 3; t++) {
                float[] g = Approx.random(100L * n + t, n, -2, 2);
                b.put(1, g);
                AdamWKernel.Hyper h = new AdamWKernel.Hyper(1e-2 * t, 0.9, 0.95, 1e-8, 0.1, t);
                b.step(h);
                AdamWKernelReference.update(p, Approx.toDouble(g), m, v, h);
                String at = "n=" + n + " step " + t;
                // absolute slack of a few float32 ulps of the O(1) terms: m and v are sums that can cancel
                Approx.assertClose(at + " param", p, Approx.toDouble(b.get(0)), 1e-6, 1e-7);
                Approx.assertClose(at + " m", m, Approx.toDouble(b.get(2)), 1e-6, 1e-7);
                Approx.assertClose(at + " v", v, Approx.toDouble(b.get(3)), 1e-6, 1e-9);
            }
        }
    }

    @Test
    void bitIdenticalForOneAndTwoThreads() {
        for (int n : SIZES) {
            float[][] results = new float[2][];
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                Buffers b = Buffers.random(7, n);
                b.step(new AdamWKernel.Hyper(3e-3, 0.9, 0.999, 1e-8, 0.01, 4));
                results[threads - 1] = b.get(0);
            }
            Approx.assertBitsEqual("n=" + n + " param", results[0], results[1]);
        }
    }

    @Test
    void zeroGradientWithoutDecayLeavesParameterUnchanged() {
        Buffers b = Buffers.random(3, 17);
        float[] before = b.get(0);
        b.put(1, new float[17]);
        b.put(2, new float[17]);
        b.put(3, new float[17]);
        b.step(new AdamWKernel.Hyper(1e-2, 0.9, 0.95, 1e-8, 0, 1));
        Approx.assertBitsEqual("param", before, b.get(0));
    }

    @Test
    void rejectsStepZero() {
        assertThrows(IllegalArgumentException.class, () -> new AdamWKernel.Hyper(1e-3, 0.9, 0.95, 1e-8, 0, 0));
    }
}
