package llmforge.kernels;

import llmforge.Approx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertThrows;

class GemmTest {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    /** (M, N, K): odd sizes around the tile (8×32), several KC-deep blocks (K > 512), edge strips, a packed B over
     * L2_BYTES (row blocks walked in runs), and runs of a transposed A longer than one packed chunk (M > 512). */
    private static final int[][] SHAPES = {
            {1, 1, 1}, {3, 17, 5}, {17, 31, 33}, {33, 255, 17}, {255, 33, 257}, {257, 1, 31}, {1, 257, 255},
            {31, 1000, 3}, {1000, 33, 17}, {8, 32, 512}, {16, 64, 600}, {9, 47, 1000}, {130, 2100, 7},
            {600, 40, 700}, {300, 200, 1300}, {2100, 40, 1100},
    };

    @AfterEach void restoreThreads() { Parallel.setThreads(2); }

    /** A matrix region in native memory with a random fill (and the same values in double). */
    private record Mat(MemorySegment seg, double[] vals, long off, int ld) {
        static Mat random(long seed, int rows, int cols, int pad, int off) {
            int ld = Math.max(cols, 1) + pad;
            int n = off + rows * ld;
            float[] f = Approx.random(seed, Math.max(n, 1), -1, 1);
            MemorySegment s = Arena.ofAuto().allocate((long) f.length * 4, 64);
            MemorySegment.copy(f, 0, s, F, 0, f.length);
            return new Mat(s, Approx.toDouble(f), off, ld);
        }

        float[] floats() { return seg.toArray(F); }
    }

    private static void check(boolean tA, boolean tB, int M, int N, int K, int pad, boolean acc) {
        String what = (tA ? "T" : "N") + (tB ? "T" : "N") + " " + M + "x" + N + "x" + K + " pad " + pad + " acc " + acc;
        Mat a = tA ? Mat.random(1, K, M, pad, 3) : Mat.random(1, M, K, pad, 3);
        Mat b = tB ? Mat.random(2, N, K, pad, 5) : Mat.random(2, K, N, pad, 5);
        Mat c = Mat.random(3, M, N, pad, 7);
        double[] expected = c.vals.clone();
        GemmReference.sgemm(tA, tB, M, N, K, a.vals, 3, a.ld, b.vals, 5, b.ld, expected, 7, c.ld, acc);
        Gemm.sgemm(tA, tB, M, N, K, a.seg, 3, a.ld, b.seg, 5, b.ld, c.seg, 7, c.ld, acc);
        // includes the padding and the untouched prefix: they must keep their values
        Approx.assertClose(what, expected, Approx.toDouble(c.floats()), 1e-5, 1e-6 * K + 1e-6);
    }

    @Test void allVariantsMatchReferenceOnOddShapes() {
        for (int[] s : SHAPES) {
            for (int v = 0; v < 4; v++) check((v & 1) != 0, (v & 2) != 0, s[0], s[1], s[2], 0, false);
        }
    }

    @Test void accumulateAndLeadingDimensionsWiderThanTheMatrix() {
        for (int[] s : SHAPES) {
            for (int v = 0; v < 4; v++) check((v & 1) != 0, (v & 2) != 0, s[0], s[1], s[2], 5, true);
        }
        check(false, true, 40, 70, 300, 19, false);
    }

    @Test void zeroDepthClearsOrKeepsC() {
        check(false, false, 5, 7, 0, 2, false);
        check(true, true, 5, 7, 0, 2, true);
    }

    @Test void oneAndTwoThreadsGiveIdenticalBits() {
        for (int[] s : new int[][] {{257, 300, 600}, {9, 1000, 513}, {1000, 33, 17}, {300, 200, 1300}, {2100, 40, 1100}}) {
            for (int v = 0; v < 4; v++) {
                boolean tA = (v & 1) != 0, tB = (v & 2) != 0;
                int M = s[0], N = s[1], K = s[2];
                Mat a = tA ? Mat.random(1, K, M, 1, 0) : Mat.random(1, M, K, 1, 0);
                Mat b = tB ? Mat.random(2, N, K, 1, 0) : Mat.random(2, K, N, 1, 0);
                float[][] out = new float[2][];
                for (int t = 1; t <= 2; t++) {
                    Parallel.setThreads(t);
                    Mat c = Mat.random(3, M, N, 0, 0);
                    Gemm.sgemm(tA, tB, M, N, K, a.seg, 0, a.ld, b.seg, 0, b.ld, c.seg, 0, c.ld, true);
                    out[t - 1] = c.floats();
                }
                Approx.assertBitsEqual("threads " + v + " " + M + "x" + N + "x" + K, out[0], out[1]);
            }
        }
    }

    /** Decoding takes {@link SkinnyGemm} for a few rows: each row must get the bits the packed path gives it. */
    @Test void fewRowsGiveTheBitsOfTheFullProduct() {
        for (int[] s : new int[][] {{16, 70, 300}, {12, 8, 8}, {9, 33, 5}}) {
            int M = s[0], N = s[1], K = s[2];
            for (boolean acc : new boolean[] {false, true}) {
                Mat a = Mat.random(1, M, K, 2, 0);
                Mat b = Mat.random(2, N, K, 3, 0);
                Mat full = Mat.random(3, M, N, 1, 0), rows = Mat.random(3, M, N, 1, 0);
                Gemm.sgemm(false, true, M, N, K, a.seg, 0, a.ld, b.seg, 0, b.ld, full.seg, 0, full.ld, acc);
                for (int i = 0; i < M; i += 3) {
                    int m = Math.min(3, M - i);
                    Gemm.sgemm(false, true, m, N, K, a.seg, (long) i * a.ld, a.ld, b.seg, 0, b.ld, rows.seg,
                            (long) i * rows.ld, rows.ld, acc);
                }
                Approx.assertBitsEqual("rows of " + M + "x" + N + "x" + K + " acc " + acc, full.floats(), rows.floats());
            }
        }
    }

    @Test void stridedBatchesWithBroadcastB() {
        int batch = 3, M = 17, N = 40, K = 33;
        for (boolean big : new boolean[] {false, true}) {
            int m = big ? 300 : M;  // big: one parallel product per batch; small: one task per batch
            Mat a = Mat.random(1, batch * m, K, 0, 0);
            Mat b = Mat.random(2, K, N, 0, 0);
            Mat c = Mat.random(3, batch * m, N, 0, 0);
            double[] expected = c.vals.clone();
            for (int i = 0; i < batch; i++) {
                GemmReference.sgemm(false, false, m, N, K, a.vals, i * m * K, K, b.vals, 0, N, expected, i * m * N, N, false);
            }
            Gemm.sgemmStrided(batch, false, false, m, N, K, a.seg, 0, K, (long) m * K, b.seg, 0, N, 0,
                    c.seg, 0, N, (long) m * N, false);
            Approx.assertClose("batched m=" + m, expected, Approx.toDouble(c.floats()), 1e-5, 1e-4);
        }
    }

    @Test void batchedTransposedMatchesPerBatchReference() {
        int batch = 4, M = 13, N = 21, K = 35;
        Mat a = Mat.random(1, batch * K, M, 0, 0);   // each batch stored K×M (transA)
        Mat b = Mat.random(2, batch * N, K, 0, 0);   // each batch stored N×K (transB)
        Mat c = Mat.random(3, batch * M, N, 0, 0);
        double[] expected = c.vals.clone();
        for (int i = 0; i < batch; i++) {
            GemmReference.sgemm(true, true, M, N, K, a.vals, i * K * M, M, b.vals, i * N * K, K, expected, i * M * N, N, true);
        }
        Gemm.sgemmBatched(batch, true, true, M, N, K, a.seg, i -> (long) i * K * M, M, b.seg, i -> (long) i * N * K, K,
                c.seg, i -> (long) i * M * N, N, true);
        Approx.assertClose("batched TT", expected, Approx.toDouble(c.floats()), 1e-5, 1e-4);
    }

    @Test void rejectsOperandsThatRunPastTheirSegment() {
        Mat a = Mat.random(1, 4, 4, 0, 0);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 5, 4, 4, a.seg, 0, 4, a.seg, 0, 4, a.seg, 0, 4, false));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("A (5x4"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 4, 4, 4, a.seg, 0, 3, a.seg, 0, 4, a.seg, 0, 4, false));
    }
}
