package llmforge.kernels;

import llmforge.Approx;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Fast vs reference for the row-wise and gather kernels: softmax, reductions, embedding, rope, dropout. */
class RowKernelTest {
    static final int[][] SHAPES = {{1, 1000}, {3, 17}, {17, 255}, {255, 3}, {1000, 1}, {4, 4099}};

    @Test void softmaxAndLogSoftmax() {
        for (boolean log : new boolean[] {false, true}) {
            for (int[] s : SHAPES) {
                int n = s[0], c = s[1];
                float[] x = Kernels.random(n, n * c, -6, 6), dy = Kernels.random(2, n * c, -1, 1), dx0 = Kernels.random(3, n * c, -1, 1);
                MemorySegment ys = Kernels.segment(new float[n * c], 2), dxs = Kernels.segment(dx0, 3);
                Softmax.forward(log, Kernels.segment(x, 1), 1, ys, 2, n, c);
                Approx.assertClose((log ? "log" : "") + "softmax " + n + "x" + c, SoftmaxReference.forward(log, Kernels.d(x), n, c),
                        Kernels.d(Kernels.read(ys, 2, n * c)), 1e-5, 1e-6);
                if ((long) c * c * n > 5e7) continue;  // the Jacobian reference is O(N C^2)
                Softmax.backward(log, ys, 2, Kernels.segment(dy, 0), 0, dxs, 3, n, c);
                double[] dx = Kernels.d(dx0);
                SoftmaxReference.backward(log, Kernels.d(x), Kernels.d(dy), n, c, dx);
                Approx.assertClose("softmax backward", dx, Kernels.d(Kernels.read(dxs, 3, n * c)), 1e-4, 1e-5);
            }
        }
    }

    @Test void reductions() {
        for (int[] s : SHAPES) {
            int n = s[0], c = s[1];
            float[] x = Kernels.random(n, n * c, -2, 2);
            MemorySegment xs = Kernels.segment(x, 1), out = Kernels.segment(new float[n], 2);
            assertEquals(ReductionsReference.sumAll(Kernels.d(x)), Reductions.sumAll(xs, 1, (long) n * c), 1e-3);
            Reductions.sumRows(xs, 1, n, c, 0.5f, out, 2);
            Approx.assertClose("sumRows", ReductionsReference.sumRows(Kernels.d(x), n, c, 0.5), Kernels.d(Kernels.read(out, 2, n)), 1e-5, 1e-4);
        }
    }

    @Test void embedding() {
        int v = 37;
        for (int c : new int[] {1, 3, 17, 255, 130}) {
            int[] ids = Kernels.targets(c, 1000, v, -1, 0);
            float[] table = Kernels.random(c, v * c, -1, 1), dy = Kernels.random(4, ids.length * c, -1, 1), dt0 = Kernels.random(5, v * c, -1, 1);
            MemorySegment ts = Kernels.segment(table, 1), out = Kernels.segment(new float[ids.length * c], 2), dts = Kernels.segment(dt0, 3);
            Embedding.forward(ts, 1, v, c, ids, out, 2);
            Approx.assertClose("embedding", EmbeddingReference.forward(Kernels.d(table), c, ids), Kernels.d(Kernels.read(out, 2, ids.length * c)), 0, 0);
            Embedding.backward(Kernels.segment(dy, 0), 0, ids, c, dts, 3);
            double[] dt = Kernels.d(dt0);
            EmbeddingReference.backward(Kernels.d(dy), ids, c, dt);
            Approx.assertClose("embedding backward", dt, Kernels.d(Kernels.read(dts, 3, v * c)), 1e-5, 1e-5);
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Embedding.forward(Kernels.segment(new float[6], 0), 0, 3, 2,
                new int[] {0, 3}, Kernels.segment(new float[4], 0), 0));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("position 1"), e.getMessage());
    }

    @Test void ropeBothLayoutsWithScaling() {
        int b = 2, t = 5, h = 3;
        for (int d : new int[] {2, 6, 34, 64}) {
            for (boolean headsFirst : new boolean[] {false, true}) {
                int[] pos = {0, 1, 2, 3, 4, 0, 1, 2, 7, 11};
                RopeTable table = RopeTable.of(d, 10000, 2.0, 4.0, 16);
                int n = b * t * h * d;
                float[] x = Kernels.random(d, n, -1, 1);
                MemorySegment ys = Kernels.segment(new float[n], 2);
                Rope.rotate(Kernels.segment(x, 1), 1, ys, 2, b, t, h, headsFirst, pos, table, false);
                double[] ref = RopeReference.forward(Kernels.d(x), b, t, h, d, headsFirst, pos, 10000, 2.0, 4.0);
                float[] y = Kernels.read(ys, 2, n);
                Approx.assertClose("rope d=" + d, ref, Kernels.d(y), 1e-5, 1e-5);
                // the backward is the inverse rotation: rotating y back (accumulating onto zeros) gives x
                MemorySegment back = Kernels.segment(new float[n], 0);
                Rope.rotate(Kernels.segment(y, 0), 0, back, 0, b, t, h, headsFirst, pos, table, true);
                Approx.assertClose("rope inverse", x, Kernels.read(back, 0, n), 1e-5, 1e-5);
            }
        }
    }

    @Test void dropoutKeepsAboutOneMinusP() {
        int n = 100_003;
        float[] x = Kernels.random(1, n, -1, 1);
        MemorySegment ys = Kernels.segment(new float[n], 1);
        Dropout.forward(Kernels.segment(x, 0), 0, ys, 1, n, 0.3f, 42);
        float[] y = Kernels.read(ys, 1, n);
        Approx.assertClose("dropout", DropoutReference.forward(Kernels.d(x), 0.3, 42), Kernels.d(y), 1e-6, 0);
        int zeros = 0;
        for (float v : y) if (v == 0) zeros++;
        assertEquals(0.3, zeros / (double) n, 0.01);
        MemorySegment other = Kernels.segment(new float[n], 0);
        Dropout.forward(Kernels.segment(x, 0), 0, other, 0, n, 0.3f, 43);
        org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(y, Kernels.read(other, 0, n)), "seed changes the mask");
    }
}
