package llmforge.kernels;

import llmforge.Approx;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

class NormKernelTest {
    static final int[][] SHAPES = {{1, 1000}, {3, 17}, {17, 255}, {255, 3}, {1000, 1}, {2, 768}};

    @Test void layerNormMatchesReference() {
        for (int[] s : SHAPES) {
            int n = s[0], c = s[1];
            float[] x = Kernels.random(n, n * c, -3, 5), w = Kernels.random(c, c, -2, 2), b = Kernels.random(9, c, -1, 1);
            float[] dy = Kernels.random(4, n * c, -1, 1), dx0 = Kernels.random(5, n * c, -1, 1);
            float[] dw0 = Kernels.random(6, c, -1, 1), db0 = Kernels.random(7, c, -1, 1);
            MemorySegment xs = Kernels.segment(x, 1), ws = Kernels.segment(w, 2), bs = Kernels.segment(b, 3),
                    ys = Kernels.segment(new float[n * c], 4), dys = Kernels.segment(dy, 5), dxs = Kernels.segment(dx0, 6),
                    dws = Kernels.segment(dw0, 7), dbs = Kernels.segment(db0, 8);
            float[] mean = new float[n], rstd = new float[n];
            LayerNorm.forward(xs, 1, ws, 2, bs, 3, ys, 4, mean, rstd, n, c, 1e-5f);
            Approx.assertClose("ln y " + n + "x" + c, LayerNormReference.forward(Kernels.d(x), Kernels.d(w), Kernels.d(b), n, c, 1e-5),
                    Kernels.d(Kernels.read(ys, 4, n * c)), 1e-5, 1e-5);
            LayerNorm.backward(dys, 5, xs, 1, ws, 2, mean, rstd, n, c, dxs, 6, dws, 7, dbs, 8);
            double[] dx = Kernels.d(dx0), dw = Kernels.d(dw0), db = Kernels.d(db0);
            LayerNormReference.backward(Kernels.d(dy), Kernels.d(x), Kernels.d(w), n, c, 1e-5, dx, dw, db);
            double tol = c == 1 ? 1e-3 : 1e-4;  // one channel: x - mean is rounding noise amplified by rstd
            Approx.assertClose("ln dx " + n + "x" + c, dx, Kernels.d(Kernels.read(dxs, 6, n * c)), tol, tol);
            Approx.assertClose("ln dw " + n + "x" + c, dw, Kernels.d(Kernels.read(dws, 7, c)), 1e-4, 1e-4);
            Approx.assertClose("ln db " + n + "x" + c, db, Kernels.d(Kernels.read(dbs, 8, c)), 1e-5, 1e-4);
        }
    }

    @Test void rmsNormMatchesReference() {
        for (int[] s : SHAPES) {
            int n = s[0], c = s[1];
            float[] x = Kernels.random(n, n * c, -3, 5), w = Kernels.random(c, c, -2, 2);
            float[] dy = Kernels.random(4, n * c, -1, 1), dx0 = Kernels.random(5, n * c, -1, 1), dw0 = Kernels.random(6, c, -1, 1);
            MemorySegment xs = Kernels.segment(x, 1), ws = Kernels.segment(w, 2), ys = Kernels.segment(new float[n * c], 4),
                    dys = Kernels.segment(dy, 5), dxs = Kernels.segment(dx0, 6), dws = Kernels.segment(dw0, 7);
            float[] rrms = new float[n];
            RmsNorm.forward(xs, 1, ws, 2, ys, 4, rrms, n, c, 1e-6f);
            Approx.assertClose("rms y", RmsNormReference.forward(Kernels.d(x), Kernels.d(w), n, c, 1e-6),
                    Kernels.d(Kernels.read(ys, 4, n * c)), 1e-5, 1e-5);
            RmsNorm.backward(dys, 5, xs, 1, ws, 2, rrms, n, c, dxs, 6, dws, 7);
            double[] dx = Kernels.d(dx0), dw = Kernels.d(dw0);
            RmsNormReference.backward(Kernels.d(dy), Kernels.d(x), Kernels.d(w), n, c, 1e-6, dx, dw);
            Approx.assertClose("rms dx", dx, Kernels.d(Kernels.read(dxs, 6, n * c)), 1e-4, 1e-4);
            Approx.assertClose("rms dw", dw, Kernels.d(Kernels.read(dws, 7, c)), 1e-4, 1e-4);
        }
    }
}
