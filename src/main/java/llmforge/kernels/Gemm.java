package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Single-precision matrix multiply over row-major matrices in native memory:
 * {@code C (M×N) = [C +] op(A) (M×K) · op(B) (K×N)}, op = identity or transpose. Offsets and leading dimensions
 * are in floats; a transposed operand is given as stored (A stored K×M when {@code transA}, B stored N×K when
 * {@code transB}). Twin: {@link GemmReference}.
 *
 * <p>Blocking: B is packed (which also undoes its transpose) into strips of {@link #NR} columns and at most
 * {@link #KC} rows that stay in L1 while a register tile of {@link #MR} rows × NR columns (16 accumulators with
 * 512-bit vectors) walks down the rows of A, read in place. Tasks are blocks of rows (and of strips when there are
 * few rows), fixed by the shape; every element of C is the same chain of FMAs over k whatever the partition, so
 * results are bit-identical for any thread count.
 */
public final class Gemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    /** Register tile: MR rows × NR columns (two vectors). */
    static final int MR = 8, NR = 2 * V;
    /** Depth of a packed B strip: KC × NR floats (32 KiB with 512-bit vectors) stays in L1. */
    static final int KC = 256;
    /** Columns of B packed at once. */
    static final int NC = 2048;
    /** Rows of C per task: a KC-deep slab of them (128 KiB) stays in L2 while the strips pass over it. */
    static final int MC = 128;
    /** Below this many multiply-adds per matrix a batch runs its matrices as parallel tasks instead. */
    static final long SMALL_MATRIX = 1L << 22;

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    /** Packed B of the calling thread (a nested call inside a pool task packs into its worker's own buffer). */
    private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(() -> new float[KC * NC]);

    private Gemm() {}

    /** Maps a batch index to an operand's offset in floats. */
    @FunctionalInterface
    public interface BatchOffsets {
        long of(int batch);
    }

    /**
     * {@code C = [C +] op(A) · op(B)} (accumulate = add into C; otherwise every element of C is overwritten, so C
     * may hold garbage). A is stored M×K (K×M if transA) with row stride lda; B is stored K×N (N×K if transB).
     */
    public static void sgemm(boolean transA, boolean transB, int M, int N, int K,
                             MemorySegment a, long aOff, long lda, MemorySegment b, long bOff, long ldb,
                             MemorySegment c, long cOff, long ldc, boolean accumulate) {
        if (M < 0 || N < 0 || K < 0) throw new IllegalArgumentException("negative GEMM size " + M + "x" + N + "x" + K);
        checkOperand("A", a, aOff, transA ? K : M, transA ? M : K, lda);
        checkOperand("B", b, bOff, transB ? N : K, transB ? K : N, ldb);
        checkOperand("C", c, cOff, M, N, ldc);
        if (M == 0 || N == 0) return;
        if (K == 0) {
            if (!accumulate) for (int i = 0; i < M; i++) c.asSlice((cOff + i * ldc) * 4, (long) N * 4).fill((byte) 0);
            return;
        }
        float[] packed = PACKED_B.get();
        // element (i, k) of op(A) is at aOff + i*ars + k*aks; element (k, j) of op(B) at bOff + k*bks + j*bjs
        long ars = transA ? 1 : lda, aks = transA ? lda : 1;
        long bks = transB ? 1 : ldb, bjs = transB ? ldb : 1;
        int rowBlocks = (M + MC - 1) / MC;
        for (int jc = 0; jc < N; jc += NC) {
            int nc = Math.min(NC, N - jc);
            int strips = (nc + NR - 1) / NR;
            // few row blocks: also split the strips so that small-M products still use every thread
            int groups = rowBlocks >= 8 ? 1 : Math.min(strips, (8 + rowBlocks - 1) / rowBlocks);
            int perGroup = (strips + groups - 1) / groups;
            for (int pc = 0; pc < K; pc += KC) {
                int kc = Math.min(KC, K - pc);
                long bBlock = bOff + pc * bks + jc * bjs;
                Parallel.forTasks(strips, s -> packStrip(b, bBlock + (long) s * NR * bjs, bks, bjs, kc,
                        Math.min(NR, nc - s * NR), packed, s * kc * NR));
                boolean add = accumulate || pc > 0;
                long aBlock = aOff + pc * aks;
                int j0 = jc;
                Parallel.forTasks(rowBlocks * groups, t -> {
                    int i0 = (t / groups) * MC, i1 = Math.min(M, i0 + MC);
                    int s0 = (t % groups) * perGroup, s1 = Math.min(strips, s0 + perGroup);
                    for (int s = s0; s < s1; s++) {
                        int j = j0 + s * NR, w = Math.min(NR, N - j), bo = s * kc * NR;
                        int i = i0;
                        for (; i + MR <= i1; i += MR) {
                            tile8(packed, bo, kc, a, aBlock + i * ars, ars, aks, c, cOff + i * ldc + j, ldc, w, add);
                        }
                        for (; i < i1; i++) tile1(packed, bo, kc, a, aBlock + i * ars, aks, c, cOff + i * ldc + j, w, add);
                    }
                });
            }
        }
    }

    /**
     * {@code batch} independent products; operand b of batch i starts at {@code xOff.of(i)} (return the same
     * offset for every i to broadcast an operand). The C regions of different batches must not overlap.
     */
    public static void sgemmBatched(int batch, boolean transA, boolean transB, int M, int N, int K,
                                    MemorySegment a, BatchOffsets aOff, long lda, MemorySegment b, BatchOffsets bOff,
                                    long ldb, MemorySegment c, BatchOffsets cOff, long ldc, boolean accumulate) {
        if (batch == 1 || (long) M * N * K >= SMALL_MATRIX) {
            for (int i = 0; i < batch; i++) {
                sgemm(transA, transB, M, N, K, a, aOff.of(i), lda, b, bOff.of(i), ldb, c, cOff.of(i), ldc, accumulate);
            }
        } else {
            // small matrices (attention heads): one task per matrix, each run inline on its thread
            Parallel.forTasks(batch, i -> sgemm(transA, transB, M, N, K, a, aOff.of(i), lda, b, bOff.of(i), ldb,
                    c, cOff.of(i), ldc, accumulate));
        }
    }

    /** {@link #sgemmBatched} with evenly strided operands (stride 0 broadcasts A or B). */
    public static void sgemmStrided(int batch, boolean transA, boolean transB, int M, int N, int K,
                                    MemorySegment a, long aOff, long lda, long strideA,
                                    MemorySegment b, long bOff, long ldb, long strideB,
                                    MemorySegment c, long cOff, long ldc, long strideC, boolean accumulate) {
        if (batch > 1 && strideC == 0) throw new IllegalArgumentException("batched GEMM outputs may not overlap (strideC 0)");
        sgemmBatched(batch, transA, transB, M, N, K, a, i -> aOff + i * strideA, lda, b, i -> bOff + i * strideB, ldb,
                c, i -> cOff + i * strideC, ldc, accumulate);
    }

    static void checkOperand(String name, MemorySegment s, long off, int rows, int cols, long ld) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(name + ": leading dimension " + ld + " is less than its width " + cols);
        }
        if (off < 0 || (rows > 0 && cols > 0 && (off + (rows - 1) * ld + cols) * 4 > s.byteSize())) {
            throw new IllegalArgumentException(name + " (" + rows + "x" + cols + ", leading dimension " + ld + ", offset "
                    + off + ") runs past its segment of " + s.byteSize() / 4 + " floats");
        }
    }

    /** Copies a kc × w block of op(B) into dst as kc rows of NR floats, zero-padding columns w..NR. */
    static void packStrip(MemorySegment b, long idx, long bks, long bjs, int kc, int w, float[] dst, int d) {
        if (bjs == 1) {
            VectorMask<Float> m0 = S.indexInRange(0, w), m1 = S.indexInRange(V, w);
            for (int k = 0; k < kc; k++, idx += bks, d += NR) {
                if (w == NR) {
                    FloatVector.fromMemorySegment(S, b, idx * 4, NO).intoArray(dst, d);
                    FloatVector.fromMemorySegment(S, b, (idx + V) * 4, NO).intoArray(dst, d + V);
                } else {
                    FloatVector.fromMemorySegment(S, b, idx * 4, NO, m0).intoArray(dst, d);
                    FloatVector.fromMemorySegment(S, b, (idx + V) * 4, NO, m1).intoArray(dst, d + V);
                }
            }
        } else {
            // transposed B: each column of op(B) is a contiguous run in memory
            for (int j = 0; j < NR; j++) {
                long col = idx + j * bjs;
                for (int k = 0; k < kc; k++) dst[d + k * NR + j] = j < w ? b.getAtIndex(F, col + k * bks) : 0f;
            }
        }
    }

    /** C[8 rows, w cols] (=|+=) A rows · packed strip; op(A)(r, k) is at element aIdx + r*ars + k*aks. */
    static void tile8(float[] bp, int bo, int kc, MemorySegment a, long aIdx, long ars, long aks,
                      MemorySegment c, long cIdx, long ldc, int w, boolean add) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
        long r1 = ars * 4, r2 = 2 * r1, r3 = 3 * r1, r4 = 4 * r1, r5 = 5 * r1, r6 = 6 * r1, r7 = 7 * r1;
        long p = aIdx * 4, step = aks * 4;
        for (int k = 0; k < kc; k++, p += step, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo), b1 = FloatVector.fromArray(S, bp, bo + V);
            FloatVector x = FloatVector.broadcast(S, a.get(F, p));
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a.get(F, p + r1));
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a.get(F, p + r2));
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a.get(F, p + r3));
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a.get(F, p + r4));
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a.get(F, p + r5));
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, a.get(F, p + r6));
            c60 = b0.fma(x, c60); c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, a.get(F, p + r7));
            c70 = b0.fma(x, c70); c71 = b1.fma(x, c71);
        }
        storeRow(c, cIdx, c00, c01, w, add);
        storeRow(c, cIdx + ldc, c10, c11, w, add);
        storeRow(c, cIdx + 2 * ldc, c20, c21, w, add);
        storeRow(c, cIdx + 3 * ldc, c30, c31, w, add);
        storeRow(c, cIdx + 4 * ldc, c40, c41, w, add);
        storeRow(c, cIdx + 5 * ldc, c50, c51, w, add);
        storeRow(c, cIdx + 6 * ldc, c60, c61, w, add);
        storeRow(c, cIdx + 7 * ldc, c70, c71, w, add);
    }

    /** One row of {@link #tile8} (left-over rows): the same FMA chain per element, so the same bits. */
    static void tile1(float[] bp, int bo, int kc, MemorySegment a, long aIdx, long aks,
                      MemorySegment c, long cIdx, int w, boolean add) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0;
        long p = aIdx * 4, step = aks * 4;
        for (int k = 0; k < kc; k++, p += step, bo += NR) {
            FloatVector x = FloatVector.broadcast(S, a.get(F, p));
            c0 = FloatVector.fromArray(S, bp, bo).fma(x, c0);
            c1 = FloatVector.fromArray(S, bp, bo + V).fma(x, c1);
        }
        storeRow(c, cIdx, c0, c1, w, add);
    }

    /** Writes (or adds) the first w of 2V columns starting at element cIdx. */
    static void storeRow(MemorySegment c, long cIdx, FloatVector v0, FloatVector v1, int w, boolean add) {
        long o = cIdx * 4, o1 = o + V * 4L;
        if (w == NR) {
            if (add) {
                v0 = v0.add(FloatVector.fromMemorySegment(S, c, o, NO));
                v1 = v1.add(FloatVector.fromMemorySegment(S, c, o1, NO));
            }
            v0.intoMemorySegment(c, o, NO);
            v1.intoMemorySegment(c, o1, NO);
        } else {
            VectorMask<Float> m0 = S.indexInRange(0, w), m1 = S.indexInRange(V, w);
            if (add) {
                v0 = v0.add(FloatVector.fromMemorySegment(S, c, o, NO, m0));
                v1 = v1.add(FloatVector.fromMemorySegment(S, c, o1, NO, m1));
            }
            v0.intoMemorySegment(c, o, NO, m0);
            v1.intoMemorySegment(c, o1, NO, m1);
        }
    }
}
