package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Small matrix products on per-thread float[] tiles, for the attention kernels: C[m x n] (+)= A[m x k] B[k x n].
 * A is addressed as a[aOff + i * ars + p * acs], so the same code reads A or A transposed; B and C are row-major
 * and n is a multiple of the vector length (tiles are padded). Register blocks of 4 rows x 2 vectors; every C
 * element is one fma chain over p in order, so results do not depend on how callers split work.
 */
final class TileGemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private TileGemm() {}

    static void multiply(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) {
                block4x2(k, a, aOff + i * ars, ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, accumulate);
            }
            for (; j < n; j += L) {
                block4x1(k, a, aOff + i * ars, ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, accumulate);
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j += L) {
                block1x1(k, a, aOff + i * ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j, accumulate);
            }
        }
    }

    private static void block4x2(int k, float[] a, int a0, int ars, int acs, float[] b, int b0, int ldb,
                                 float[] c, int c0, int ldc, boolean acc) {
        FloatVector c00 = acc ? FloatVector.fromArray(S, c, c0) : FloatVector.zero(S), c01 = acc ? FloatVector.fromArray(S, c, c0 + L) : FloatVector.zero(S);
        FloatVector c10 = acc ? FloatVector.fromArray(S, c, c0 + ldc) : FloatVector.zero(S), c11 = acc ? FloatVector.fromArray(S, c, c0 + ldc + L) : FloatVector.zero(S);
        FloatVector c20 = acc ? FloatVector.fromArray(S, c, c0 + 2 * ldc) : FloatVector.zero(S), c21 = acc ? FloatVector.fromArray(S, c, c0 + 2 * ldc + L) : FloatVector.zero(S);
        FloatVector c30 = acc ? FloatVector.fromArray(S, c, c0 + 3 * ldc) : FloatVector.zero(S), c31 = acc ? FloatVector.fromArray(S, c, c0 + 3 * ldc + L) : FloatVector.zero(S);
        int ap = a0, bp = b0;
        for (int p = 0; p < k; p++, ap += acs, bp += ldb) {
            FloatVector v0 = FloatVector.fromArray(S, b, bp), v1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c00 = v0.fma(x, c00); c01 = v1.fma(x, c01);
            x = FloatVector.broadcast(S, a[ap + ars]);
            c10 = v0.fma(x, c10); c11 = v1.fma(x, c11);
            x = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = v0.fma(x, c20); c21 = v1.fma(x, c21);
            x = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = v0.fma(x, c30); c31 = v1.fma(x, c31);
        }
        c00.intoArray(c, c0); c01.intoArray(c, c0 + L);
        c10.intoArray(c, c0 + ldc); c11.intoArray(c, c0 + ldc + L);
        c20.intoArray(c, c0 + 2 * ldc); c21.intoArray(c, c0 + 2 * ldc + L);
        c30.intoArray(c, c0 + 3 * ldc); c31.intoArray(c, c0 + 3 * ldc + L);
    }

    private static void block4x1(int k, float[] a, int a0, int ars, int acs, float[] b, int b0, int ldb,
                                 float[] c, int c0, int ldc, boolean acc) {
        FloatVector c0v = acc ? FloatVector.fromArray(S, c, c0) : FloatVector.zero(S), c1v = acc ? FloatVector.fromArray(S, c, c0 + ldc) : FloatVector.zero(S);
        FloatVector c2v = acc ? FloatVector.fromArray(S, c, c0 + 2 * ldc) : FloatVector.zero(S), c3v = acc ? FloatVector.fromArray(S, c, c0 + 3 * ldc) : FloatVector.zero(S);
        int ap = a0, bp = b0;
        for (int p = 0; p < k; p++, ap += acs, bp += ldb) {
            FloatVector v = FloatVector.fromArray(S, b, bp);
            c0v = v.fma(FloatVector.broadcast(S, a[ap]), c0v);
            c1v = v.fma(FloatVector.broadcast(S, a[ap + ars]), c1v);
            c2v = v.fma(FloatVector.broadcast(S, a[ap + 2 * ars]), c2v);
            c3v = v.fma(FloatVector.broadcast(S, a[ap + 3 * ars]), c3v);
        }
        c0v.intoArray(c, c0); c1v.intoArray(c, c0 + ldc);
        c2v.intoArray(c, c0 + 2 * ldc); c3v.intoArray(c, c0 + 3 * ldc);
    }

    private static void block1x1(int k, float[] a, int a0, int acs, float[] b, int b0, int ldb,
                                 float[] c, int c0, boolean acc) {
        FloatVector cv = acc ? FloatVector.fromArray(S, c, c0) : FloatVector.zero(S);
        int ap = a0, bp = b0;
        for (int p = 0; p < k; p++, ap += acs, bp += ldb) {
            cv = FloatVector.fromArray(S, b, bp).fma(FloatVector.broadcast(S, a[ap]), cv);
        }
        cv.intoArray(c, c0);
    }
}
