package llmforge.kernels;

import llmforge.Approx;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertThrows;

class CrossEntropyKernelTest {
    static final int[][] SHAPES = {{1, 1000}, {3, 4099}, {17, 255}, {255, 17}, {1000, 3}, {5, 1}};

    @Test void fastMatchesReference() {
        for (int[] s : SHAPES) {
            int n = s[0], v = s[1];
            float[] x = Kernels.random(n + v, n * v, -8, 8);
            int[] t = Kernels.targets(n, n, v, -100, 0.2);
            MemorySegment xs = Kernels.segment(x, 3);
            float[] lse = new float[n], tl = new float[n];
            CrossEntropy.forward(xs, 3, n, v, t, -100, lse, tl);
            double[] refLse = CrossEntropyReference.logSumExp(Kernels.d(x), n, v);
            for (int i = 0; i < n; i++) if (t[i] == -100) refLse[i] = 0;
            Approx.assertClose("lse " + n + "x" + v, refLse, Kernels.d(lse), 1e-6, 1e-5);

            float[] coef = Kernels.random(7, n, -2, 2);
            float[] dx0 = Kernels.random(8, n * v, -1, 1);
            MemorySegment ds = Kernels.segment(dx0, 5);
            CrossEntropy.backward(xs, 3, n, v, t, -100, lse, coef, ds, 5);
            double[] ref = Kernels.d(dx0);
            CrossEntropyReference.backward(Kernels.d(x), n, v, t, -100, Kernels.d(coef), ref);
            Approx.assertClose("dlogits " + n + "x" + v, ref, Kernels.d(Kernels.read(ds, 5, n * v)), 1e-5, 1e-5);
        }
    }

    @Test void rejectsTargetsOutsideTheVocabulary() {
        var e = assertThrows(IllegalArgumentException.class, () -> CrossEntropy.forward(
                Kernels.segment(new float[6], 0), 0, 2, 3, new int[] {1, 3}, -100, new float[2], new float[2]));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }
}
