package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * {@code C (M×N) = [C +] A (M×K) · Bᵀ} for a few rows of A and B stored N×K: the shape of decoding one token
 * through a Linear layer (weight stored (out, in)). {@link Gemm} would repack all of B into strips for every call,
 * writing and re-reading a copy of the weight per token; here each 8 × 8 block of B is transposed in registers
 * and used at once, so the weight is read exactly once.
 *
 * <p>Every element of C is the same FMA chain over k in order, starting from C or zero, as in {@link Gemm}'s
 * kernel, so a row computed here has the bits it would have in a larger product (decoding with the KV cache
 * matches the full forward bit for bit). Tasks are blocks of columns, fixed by N.
 */
final class SkinnyGemm {
    /** Rows of A up to which this path is taken: each transposed block is reused for every row. */
    static final int MAX_ROWS = 4;
    private static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    /** Columns of C per task. */
    private static final int COLUMNS_PER_TASK = 64;

    private SkinnyGemm() {}

    static void nt(int M, int N, int K, MemorySegment a, long aOff, long lda, MemorySegment b, long bOff, long ldb,
                   MemorySegment c, long cOff, long ldc, boolean accumulate) {
        if (M > MAX_ROWS) throw new IllegalArgumentException("SkinnyGemm takes at most " + MAX_ROWS + " rows, got " + M);
        Parallel.forTasks((N + COLUMNS_PER_TASK - 1) / COLUMNS_PER_TASK, t -> {
            int j0 = t * COLUMNS_PER_TASK, j1 = Math.min(N, j0 + COLUMNS_PER_TASK), full = j0 + (j1 - j0) / 8 * 8;
            for (int j = j0; j < full; j += 8) {
                if (M == 1) row(K, a, aOff, b, bOff + j * ldb, ldb, c, cOff + j, accumulate);
                else block(M, K, a, aOff, lda, b, bOff + j * ldb, ldb, c, cOff + j, ldc, accumulate);
            }
            for (int j = full; j < j1; j++) {
                for (int i = 0; i < M; i++) single(K, a, aOff + i * lda, b, bOff + j * ldb, c, cOff + i * ldc + j, accumulate);
            }
        });
    }

    /** Eight adjacent columns of a single row of C (batch-1 decoding): {@link #block} without the idle rows. */
    private static void row(int K, MemorySegment a, long ai, MemorySegment b, long bi, long ldb,
                            MemorySegment c, long ci, boolean accumulate) {
        FloatVector c0 = accumulate ? FloatVector.fromMemorySegment(S8, c, ci * 4, NO) : FloatVector.zero(S8);
        float[] t = TRANSPOSED.get();
        int fullK = K / 8 * 8;
        for (int k = 0; k < fullK; k += 8) {
            Transpose8.block(b, (bi + k) * 4, ldb * 4, t, 0, 8);
            for (int kk = 0; kk < 8; kk++) {
                c0 = FloatVector.fromArray(S8, t, kk * 8).fma(FloatVector.broadcast(S8, a.get(F, (ai + k + kk) * 4)), c0);
            }
        }
        for (int k = fullK; k < K; k++) {
            for (int n = 0; n < 8; n++) t[n] = b.get(F, (bi + n * ldb + k) * 4);
            c0 = FloatVector.fromArray(S8, t, 0).fma(FloatVector.broadcast(S8, a.get(F, (ai + k) * 4)), c0);
        }
        c0.intoMemorySegment(c, ci * 4, NO);
    }

    /** Eight adjacent columns of C for all M (≤ 4) rows; rows past M are computed on zeros and not stored. */
    private static void block(int M, int K, MemorySegment a, long ai, long lda, MemorySegment b, long bi, long ldb,
                              MemorySegment c, long ci, long ldc, boolean accumulate) {
        // written out rather than through a helper: a vector-returning helper that the JIT compiles on its own stops
        // being inlined, and then every vector it returns is a heap object (NOTES.md, "Speed — fourth session")
        FloatVector z = FloatVector.zero(S8);
        FloatVector c0 = M > 0 && accumulate ? FloatVector.fromMemorySegment(S8, c, ci * 4, NO) : z;
        FloatVector c1 = M > 1 && accumulate ? FloatVector.fromMemorySegment(S8, c, (ci + ldc) * 4, NO) : z;
        FloatVector c2 = M > 2 && accumulate ? FloatVector.fromMemorySegment(S8, c, (ci + 2 * ldc) * 4, NO) : z;
        FloatVector c3 = M > 3 && accumulate ? FloatVector.fromMemorySegment(S8, c, (ci + 3 * ldc) * 4, NO) : z;
        long a1 = ai + (M > 1 ? lda : 0), a2 = ai + (M > 2 ? 2 * lda : 0), a3 = ai + (M > 3 ? 3 * lda : 0);
        float[] t = TRANSPOSED.get();
        int fullK = K / 8 * 8;
        for (int k = 0; k < fullK; k += 8) {
            // t[kk*8 + n] = B[n][k + kk]: eight vectors, one per k, each holding the eight columns
            Transpose8.block(b, (bi + k) * 4, ldb * 4, t, 0, 8);
            for (int kk = 0; kk < 8; kk++) {
                FloatVector v = FloatVector.fromArray(S8, t, kk * 8);
                long o = (k + kk) * 4L;
                c0 = v.fma(FloatVector.broadcast(S8, a.get(F, ai * 4 + o)), c0);
                c1 = v.fma(FloatVector.broadcast(S8, a.get(F, a1 * 4 + o)), c1);
                c2 = v.fma(FloatVector.broadcast(S8, a.get(F, a2 * 4 + o)), c2);
                c3 = v.fma(FloatVector.broadcast(S8, a.get(F, a3 * 4 + o)), c3);
            }
        }
        for (int k = fullK; k < K; k++) {
            for (int n = 0; n < 8; n++) t[n] = b.get(F, (bi + n * ldb + k) * 4);
            FloatVector v = FloatVector.fromArray(S8, t, 0);
            long o = k * 4L;
            c0 = v.fma(FloatVector.broadcast(S8, a.get(F, ai * 4 + o)), c0);
            c1 = v.fma(FloatVector.broadcast(S8, a.get(F, a1 * 4 + o)), c1);
            c2 = v.fma(FloatVector.broadcast(S8, a.get(F, a2 * 4 + o)), c2);
            c3 = v.fma(FloatVector.broadcast(S8, a.get(F, a3 * 4 + o)), c3);
        }
        c0.intoMemorySegment(c, ci * 4, NO);
        if (M > 1) c1.intoMemorySegment(c, (ci + ldc) * 4, NO);
        if (M > 2) c2.intoMemorySegment(c, (ci + 2 * ldc) * 4, NO);
        if (M > 3) c3.intoMemorySegment(c, (ci + 3 * ldc) * 4, NO);
    }

    /** One element of C: a dot product, FMA by FMA in k order. */
    private static void single(int K, MemorySegment a, long ai, MemorySegment b, long bi, MemorySegment c, long ci,
                               boolean accumulate) {
        float s = accumulate ? c.get(F, ci * 4) : 0f;
        for (int k = 0; k < K; k++) s = Math.fma(b.get(F, (bi + k) * 4), a.get(F, (ai + k) * 4), s);
        c.set(F, ci * 4, s);
    }

    private static final ThreadLocal<float[]> TRANSPOSED = ThreadLocal.withInitial(() -> new float[64]);
}
