package llmforge.kernels;

import llmforge.Approx;
import llmforge.kernels.Pointwise.Fn;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertTrue;

class PointwiseKernelTest {
    static final int[] SIZES = {1, 3, 17, 255, 1000, 40_001};

    static float[] inputs(Fn f, int n) {
        return switch (f) {
            case LOG, SQRT -> Kernels.random(n, n, 0.05, 20);
            default -> Kernels.random(n, n, -12, 12);
        };
    }

    @Test void forwardAndBackwardMatchReference() {
        for (Fn f : Fn.values()) {
            for (int n : SIZES) {
                float[] x = inputs(f, n), dy = Kernels.random(2, n, -1, 1), dx0 = Kernels.random(3, n, -1, 1);
                MemorySegment xs = Kernels.segment(x, 1), ys = Kernels.segment(new float[n], 2),
                        dys = Kernels.segment(dy, 3), dxs = Kernels.segment(dx0, 4);
                Pointwise.forward(f, xs, 1, ys, 2, n);
                double[] y = new double[n], dx = new double[n];
                for (int i = 0; i < n; i++) {
                    y[i] = PointwiseReference.apply(f, x[i]);
                    dx[i] = dx0[i] + dy[i] * PointwiseReference.derivative(f, x[i]);
                }
                Approx.assertClose(f + " forward n=" + n, y, Kernels.d(Kernels.read(ys, 2, n)), 2e-6, 1e-6);
                Pointwise.backward(f, xs, 1, ys, 2, dys, 3, dxs, 4, n);
                Approx.assertClose(f + " backward n=" + n, dx, Kernels.d(Kernels.read(dxs, 4, n)), 1e-5, 1e-5);
            }
        }
    }

    @Test void erfIsWithinOneTenMillionth() {
        int n = 600_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (-7 + 14.0 * i / (n - 1));
        MemorySegment ys = Kernels.segment(new float[n], 0);
        Pointwise.forward(Fn.ERF, Kernels.segment(x, 0), 0, ys, 0, n);
        float[] y = Kernels.read(ys, 0, n);
        double worst = 0;
        for (int i = 0; i < n; i++) worst = Math.max(worst, Math.abs(y[i] - PointwiseReference.erf(x[i])));
        assertTrue(worst <= 1e-7, "max |erf error| " + worst);
    }

    @Test void referenceErfKnownValues() {
        // erf(0.5), erf(1), erf(2) to 15 digits (Abramowitz & Stegun table 7.1)
        org.junit.jupiter.api.Assertions.assertEquals(0.520499877813047, PointwiseReference.erf(0.5), 1e-15);
        org.junit.jupiter.api.Assertions.assertEquals(0.842700792949715, PointwiseReference.erf(1), 1e-15);
        org.junit.jupiter.api.Assertions.assertEquals(-0.995322265018953, PointwiseReference.erf(-2), 1e-15);
    }

    @Test void logSigmoidIsFiniteForLargeInputs() {
        float[] x = {-200f, -90f, 90f, 200f};
        MemorySegment ys = Kernels.segment(new float[4], 0);
        Pointwise.forward(Fn.LOG_SIGMOID, Kernels.segment(x, 0), 0, ys, 0, 4);
        Approx.assertClose("logsigmoid", new double[] {-200, -90, 0, 0}, Kernels.d(Kernels.read(ys, 0, 4)), 1e-6, 1e-6);
    }

    @Test void swigluMatchesReference() {
        for (int n : SIZES) {
            float[] g = Kernels.random(n, n, -8, 8), u = Kernels.random(n + 1, n, -3, 3), dy = Kernels.random(5, n, -1, 1);
            MemorySegment gs = Kernels.segment(g, 1), us = Kernels.segment(u, 2), ys = Kernels.segment(new float[n], 3),
                    dgs = Kernels.segment(new float[n], 4), dus = Kernels.segment(new float[n], 5);
            Pointwise.swiglu(gs, 1, us, 2, ys, 3, n);
            Approx.assertClose("swiglu", PointwiseReference.swiglu(Kernels.d(g), Kernels.d(u)), Kernels.d(Kernels.read(ys, 3, n)), 1e-5, 1e-6);
            Pointwise.swigluBackward(gs, 1, us, 2, Kernels.segment(dy, 0), 0, dgs, 4, dus, 5, n);
            double[] dg = new double[n], du = new double[n];
            for (int i = 0; i < n; i++) {
                dg[i] = dy[i] * u[i] * PointwiseReference.derivative(Fn.SILU, g[i]);
                du[i] = dy[i] * PointwiseReference.apply(Fn.SILU, g[i]);
            }
            Approx.assertClose("swiglu dgate", dg, Kernels.d(Kernels.read(dgs, 4, n)), 1e-5, 1e-6);
            Approx.assertClose("swiglu dup", du, Kernels.d(Kernels.read(dus, 5, n)), 1e-5, 1e-6);
        }
    }

    @Test void selectionMatchesReference() {
        for (int n : SIZES) {
            float[] a = Kernels.random(n, n, -2, 2), b = Kernels.random(n + 7, n, -2, 2);
            float[] cond = new float[n];
            for (int i = 0; i < n; i++) cond[i] = i % 3 == 0 ? 1 : 0;
            MemorySegment as = Kernels.segment(a, 1), bs = Kernels.segment(b, 2), ys = Kernels.segment(new float[n], 3);
            Selection.clamp(as, 1, -0.5f, 1.25f, ys, 3, n);
            Approx.assertClose("clamp", SelectionReference.clamp(Kernels.d(a), -0.5, 1.25), Kernels.d(Kernels.read(ys, 3, n)), 0, 0);
            Selection.minMax(true, as, 1, bs, 2, ys, 3, n);
            Approx.assertClose("max", SelectionReference.minMax(true, Kernels.d(a), Kernels.d(b)), Kernels.d(Kernels.read(ys, 3, n)), 0, 0);
            Selection.minMax(false, as, 1, bs, 2, ys, 3, n);
            Approx.assertClose("min", SelectionReference.minMax(false, Kernels.d(a), Kernels.d(b)), Kernels.d(Kernels.read(ys, 3, n)), 0, 0);
            Selection.where(Kernels.segment(cond, 0), 0, as, 1, bs, 2, ys, 3, n);
            Approx.assertClose("where", SelectionReference.where(Kernels.d(cond), Kernels.d(a), Kernels.d(b)), Kernels.d(Kernels.read(ys, 3, n)), 0, 0);
        }
    }

    @Test void minMaxTiesSplitTheGradient() {
        MemorySegment a = Kernels.segment(new float[] {1, 2, 3}, 0), b = Kernels.segment(new float[] {1, 5, 0}, 0);
        MemorySegment da = Kernels.segment(new float[3], 0), db = Kernels.segment(new float[3], 0);
        Selection.minMaxBackward(true, a, 0, b, 0, Kernels.segment(new float[] {2, 2, 2}, 0), 0, da, 0, db, 0, 3);
        Approx.assertClose("da", new float[] {1, 0, 2}, Kernels.read(da, 0, 3), 0, 0);
        Approx.assertClose("db", new float[] {1, 2, 0}, Kernels.read(db, 0, 3), 0, 0);
    }
}
