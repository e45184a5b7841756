package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Small matrix products on per-thread float[] tiles, for the attention kernels: C[m x n] (+)= A[m x k] B[k x n].
 * A is addressed as a[aOff + i * ars + p * acs], so the same code reads A or A transposed; B and C are row-major
 * and n is a multiple of the vector length (tiles are padded). Register blocks of 4 rows x 4 (or 2, 1) vectors; every C
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
            for (; j + 4 * L <= n; j += 4 * L) {
                block4x4(k, a, aOff + i * ars, ars, acs, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, accumulate);
            }
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

    /** 4 rows x 4 vectors: 16 accumulators, 4 loads + 4 broadcasts per 16 fmas (AVX-512 has 32 registers). */
    private static void block4x4(int k, float[] a, int a0, int ars, int acs, float[] b, int b0, int ldb,
                                 float[] c, int c0, int ldc, boolean acc) {
        int r1 = c0 + ldc, r2 = c0 + 2 * ldc, r3 = c0 + 3 * ldc;
        FloatVector c00 = acc ? FloatVector.fromArray(S, c, c0) : FloatVector.zero(S);
        FloatVector c01 = acc ? FloatVector.fromArray(S, c, c0 + L) : FloatVector.zero(S);
        FloatVector c02 = acc ? FloatVector.fromArray(S, c, c0 + 2 * L) : FloatVector.zero(S);
        FloatVector c03 = acc ? FloatVector.fromArray(S, c, c0 + 3 * L) : FloatVector.zero(S);
        FloatVector c10 = acc ? FloatVector.fromArray(S, c, r1) : FloatVector.zero(S);
        FloatVector c11 = acc ? FloatVector.fromArray(S, c, r1 + L) : FloatVector.zero(S);
        FloatVector c12 = acc ? FloatVector.fromArray(S, c, r1 + 2 * L) : FloatVector.zero(S);
        FloatVector c13 = acc ? FloatVector.fromArray(S, c, r1 + 3 * L) : FloatVector.zero(S);
        FloatVector c20 = acc ? FloatVector.fromArray(S, c, r2) : FloatVector.zero(S);
        FloatVector c21 = acc ? FloatVector.fromArray(S, c, r2 + L) : FloatVector.zero(S);
        FloatVector c22 = acc ? FloatVector.fromArray(S, c, r2 + 2 * L) : FloatVector.zero(S);
        FloatVector c23 = acc ? FloatVector.fromArray(S, c, r2 + 3 * L) : FloatVector.zero(S);
        FloatVector c30 = acc ? FloatVector.fromArray(S, c, r3) : FloatVector.zero(S);
        FloatVector c31 = acc ? FloatVector.fromArray(S, c, r3 + L) : FloatVector.zero(S);
        FloatVector c32 = acc ? FloatVector.fromArray(S, c, r3 + 2 * L) : FloatVector.zero(S);
        FloatVector c33 = acc ? FloatVector.fromArray(S, c, r3 + 3 * L) : FloatVector.zero(S);
        int ap = a0, bp = b0;
        for (int p = 0; p < k; p++, ap += acs, bp += ldb) {
            FloatVector v0 = FloatVector.fromArray(S, b, bp), v1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector v2 = FloatVector.fromArray(S, b, bp + 2 * L), v3 = FloatVector.fromArray(S, b, bp + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c00 = v0.fma(x, c00); c01 = v1.fma(x, c01); c02 = v2.fma(x, c02); c03 = v3.fma(x, c03);
            x = FloatVector.broadcast(S, a[ap + ars]);
            c10 = v0.fma(x, c10); c11 = v1.fma(x, c11); c12 = v2.fma(x, c12); c13 = v3.fma(x, c13);
            x = FloatVector.broadcast(S, a[ap + 2 * ars]);
            c20 = v0.fma(x, c20); c21 = v1.fma(x, c21); c22 = v2.fma(x, c22); c23 = v3.fma(x, c23);
            x = FloatVector.broadcast(S, a[ap + 3 * ars]);
            c30 = v0.fma(x, c30); c31 = v1.fma(x, c31); c32 = v2.fma(x, c32); c33 = v3.fma(x, c33);
        }
        c00.intoArray(c, c0); c01.intoArray(c, c0 + L); c02.intoArray(c, c0 + 2 * L); c03.intoArray(c, c0 + 3 * L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L); c12.intoArray(c, r1 + 2 * L); c13.intoArray(c, r1 + 3 * L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L); c22.intoArray(c, r2 + 2 * L); c23.intoArray(c, r2 + 3 * L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L); c32.intoArray(c, r3 + 2 * L); c33.intoArray(c, r3 + 3 * L);
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
