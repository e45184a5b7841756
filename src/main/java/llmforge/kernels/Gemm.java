package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import static jdk.incubator.vector.VectorOperators.FMA;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Single-precision matrix multiply over row-major matrices in native memory:
 * {@code C (M×N) = [C +] op(A) (M×K) · op(B) (K×N)}, op = identity or transpose. Offsets and leading dimensions
 * are in floats; a transposed operand is given as stored (A stored K×M when {@code transA}, B stored N×K when
 * {@code transB}). Twin: {@link GemmReference}.
 *
 * <p>Blocking: B is packed once per call (which also undoes its transpose) into strips of {@link #NR} columns and
 * {@link #KC} rows that stay in the core's caches while a register tile of {@link #MR} rows × NR columns (16
 * accumulators with 512-bit vectors) walks down the rows of A, which each task packs first (KC-deep, k-major per
 * 8-row tile) so the kernel reads A at constant offsets from one pointer. Tasks are MC-row blocks (and strips when
 * there are few rows), or, when packed B outgrows L2 or A is transposed, runs of row blocks walked inside each KC
 * block, so a KC panel of B serves the whole run and a transposed A is packed in long chunks.
 * Every element of C is the same chain of FMAs over k (starting from C when adding) whatever the partition, so
 * results are bit-identical for any thread count (the number of runs may follow the thread count).
 */
public final class Gemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    /** Register tile: MR rows × NR columns (two vectors). */
    static final int MR = 8, NR = 2 * V;
    /**
     * Depth of a block: a packed B strip is KC × NR floats (64 KiB with 512-bit vectors, partly from L2). Every KC
     * block reads and writes each tile of C once more, which 4096-deep products pay for from L3: 512 ran faster than
     * 256 (which keeps the strip in L1) on the 768- and 4096-deep shapes of {@code bench gemm} (NOTES.md).
     */
    static final int KC = 512;
    /** Columns of B packed at once (all of K), fewer when K is so deep that they would pass PACKED_B_FLOATS. */
    static final int NC = 2048;
    static final int PACKED_B_FLOATS = 1 << 22;
    /** Rows of C per task: a KC-deep slab of A for them (256 KiB) stays in L2 while the strips pass over it. */
    static final int MC = 128;
    /** About one core's L2 (1 MiB on the Zen 5 here; 1-2 MiB on recent Xeons). */
    static final long L2_BYTES = 1 << 20;
    /** Below this many multiply-adds per matrix a batch runs its matrices as parallel tasks instead. */
    static final long SMALL_MATRIX = 1L << 22;

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    /**
     * Packed B of the calling thread (a nested call inside a pool task packs into its worker's own buffer). Packed
     * operands live in Java arrays: the kernel's array loads need no per-access liveness check of a memory
     * segment's arena (that check alone took ~5 % of a training step's samples), and C2 hoists their range checks.
     */
    private static final ThreadLocal<float[]> PACKED_B = ThreadLocal.withInitial(() -> new float[0]);
    /**
     * Rows of a transposed A packed in one pass: each k-row of the stored matrix is then read in runs of A_CHUNK
     * floats (2 KiB) instead of MC (512 B), which the hardware prefetchers follow better (measured faster on the
     * deep transposed-A shapes, NOTES.md).
     */
    static final int A_CHUNK = 4 * MC;
    /** Rows of A packed by the task that uses them (A_CHUNK × KC floats). */
    private static final ThreadLocal<float[]> PACKED_A = ThreadLocal.withInitial(() -> new float[A_CHUNK * KC]);
    /** Rows of a transposed A packed per pass (see packTransposedA): few enough to share an L1 set. */
    private static final int PACK_K = 8;
    /** Eight lanes: one packed row of an A tile. */
    private static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;

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
        checkOperand("B", b, bOff, transB ? N : K, transB ? K : N, ldb);
        if (transB && !transA && M > 0 && M <= SkinnyGemm.MAX_ROWS && K > 0) {
            checkOperand("A", a, aOff, M, K, lda);
            checkOperand("C", c, cOff, M, N, ldc);
            SkinnyGemm.nt(M, N, K, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        gemm(transA, transB, M, N, K, a, aOff, lda, (idx, bks, bjs, kc, w, dst, d) -> packStrip(b, idx, bks, bjs, kc, w, dst, d),
                bOff, ldb, c, cOff, ldc, accumulate);
    }

    /**
     * {@link #sgemm} with B stored as bfloat16 (2-byte elements; offset and ldb in elements), widened to float while
     * it is packed: the frozen-weight path. The products and sums are float32, exactly as {@code sgemm} on the
     * widened B (so the result is bit-identical to it).
     */
    public static void sgemmBf16B(boolean transA, boolean transB, int M, int N, int K,
                                  MemorySegment a, long aOff, long lda, MemorySegment bBf16, long bOff, long ldb,
                                  MemorySegment c, long cOff, long ldc, boolean accumulate) {
        if (M < 0 || N < 0 || K < 0) throw new IllegalArgumentException("negative GEMM size " + M + "x" + N + "x" + K);
        int rows = transB ? N : K, cols = transB ? K : N;
        if (ldb < Math.max(1, cols) || bOff < 0 || (rows > 0 && cols > 0 && (bOff + (rows - 1) * ldb + cols) * 2 > bBf16.byteSize())) {
            throw new IllegalArgumentException("bf16 B (" + rows + "x" + cols + ", leading dimension " + ldb + ", offset "
                    + bOff + ") does not fit its segment of " + bBf16.byteSize() / 2 + " values");
        }
        gemm(transA, transB, M, N, K, a, aOff, lda,
                (idx, bks, bjs, kc, w, dst, d) -> Bf16Strips.pack(bBf16, idx, bks, bjs, kc, w, dst, d),
                bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** Packs rows of A (element (i, k) at idx + i*lda + k) into the layout of {@link #packTransposedA}. */
    static void packA(MemorySegment a, long idx, long lda, int rows, int kc, float[] dst) {
        int fullRows = rows / MR * MR, fullK = kc / 8 * 8;
        for (int i = 0; i < fullRows; i += MR) {
            long src = (idx + i * lda) * 4;
            int d = i * kc;
            for (int k = 0; k < fullK; k += 8) Transpose8.block(a, src + k * 4L, lda * 4, dst, d + k * MR, MR);
        }
        for (int i = 0; i < rows; i++) {
            long src = (idx + i * lda) * 4;
            int d = i / MR * MR * kc + i % MR;
            for (int k = i < fullRows ? fullK : 0; k < kc; k++) dst[d + k * MR] = a.get(F, src + k * 4L);
        }
    }

    /** Copies a kc × w block of op(B) starting at element idx into dst as kc rows of NR floats (see packStrip). */
    @FunctionalInterface
    interface StripPacker {
        void pack(long idx, long bks, long bjs, int kc, int w, float[] dst, int d);
    }

    private static void gemm(boolean transA, boolean transB, int M, int N, int K,
                             MemorySegment a, long aOff, long lda, StripPacker packB, long bOff, long ldb,
                             MemorySegment c, long cOff, long ldc, boolean accumulate) {
        checkOperand("A", a, aOff, transA ? K : M, transA ? M : K, lda);
        checkOperand("C", c, cOff, M, N, ldc);
        if (M == 0 || N == 0) return;
        if (K == 0) {
            if (!accumulate) for (int i = 0; i < M; i++) c.asSlice((cOff + i * ldc) * 4, (long) N * 4).fill((byte) 0);
            return;
        }
        // element (i, k) of op(A) is at aOff + i*ars + k*aks; element (k, j) of op(B) at bOff + k*bks + j*bjs
        long ars = transA ? 1 : lda, aks = transA ? lda : 1;
        long bks = transB ? 1 : ldb, bjs = transB ? ldb : 1;
        int kBlocks = (K + KC - 1) / KC;
        if ((long) kBlocks * KC * NR > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("GEMM depth K " + K + " too large");
        int ncMax = Math.max(NR, Math.min(NC, PACKED_B_FLOATS / (kBlocks * KC) / NR * NR));
        int rowBlocks = (M + MC - 1) / MC;
        for (int jc = 0; jc < N; jc += ncMax) {
            int nc = Math.min(ncMax, N - jc), j0 = jc;
            int strips = (nc + NR - 1) / NR;
            float[] packed = packedB(kBlocks * strips * KC * NR);
            // all of B's columns [jc, jc + nc) at once: block (p, s) = rows [p*KC, +kc) of strip s at (p*strips + s)*KC*NR
            Parallel.forTasks(kBlocks * strips, t -> {
                int p = t / strips, s = t % strips;
                packB.pack(bOff + (long) p * KC * bks + (long) (j0 + s * NR) * bjs, bks, bjs,
                        Math.min(KC, K - p * KC), Math.min(NR, nc - s * NR), packed, t * KC * NR);
            });
            // a single row block: split its strips so that small-M products still use every thread. Not with two or
            // more: two tasks on the same rows collapsed 512x128x4096 on 2 threads from 38 to 1.8 GFLOP/s
            int groups = rowBlocks >= 2 ? 1 : Math.min(strips, 8);
            int perGroup = (strips + groups - 1) / groups;
            // when packed B outgrows L2, a task takes a run of row blocks and walks them inside each KC block, so one
            // KC-deep panel of B serves the whole run from L2 instead of all of B streaming from L3 per row block;
            // otherwise one task per row block balances better
            boolean grouped = (long) kBlocks * strips * KC * NR * Float.BYTES > L2_BYTES;
            // a transposed A is packed a chunk of several row blocks at a time (packTransposedA), so it takes runs too
            int runs = grouped || transA ? Math.min(rowBlocks, 2 * Parallel.threads()) : rowBlocks;
            Parallel.forTasks(runs * groups, t -> {
                int r = t / groups, s0 = (t % groups) * perGroup;
                int i0 = (int) ((long) rowBlocks * r / runs) * MC;
                int i1 = Math.min(M, (int) ((long) rowBlocks * (r + 1) / runs) * MC);
                rowBlocks(transA, a, aOff, lda, ars, aks, packed, strips, K, i0, i1, s0,
                        Math.min(strips, s0 + perGroup), j0, N, c, cOff, ldc, accumulate);
            });
        }
    }

    /**
     * Rows [i0, i1) × strips [s0, s1) of C over all of K: for each KC-deep block in order, each MC-row block of the
     * range (so every element of C still sees k in order).
     */
    private static void rowBlocks(boolean transA, MemorySegment a, long aOff, long lda, long ars, long aks,
                                  float[] packed, int strips, int K, int i0, int i1, int s0, int s1, int j0, int N,
                                  MemorySegment c, long cOff, long ldc, boolean accumulate) {
        float[] ap = PACKED_A.get(), tileC = TILE.get();
        int chunk = transA ? A_CHUNK : MC;
        for (int pc = 0, p = 0; pc < K; pc += KC, p++) {
            int kc = Math.min(KC, K - pc);
            boolean add = accumulate || pc > 0;
            for (int c0 = i0; c0 < i1; c0 += chunk) {
                int c1 = Math.min(i1, c0 + chunk);
                // op(A) rows packed k-major per 8-row tile, (i, k) at (i/8)*kc*8 + k*8 + i%8: the kernel then reads A
                // at constant offsets from one pointer (in place, the strided reads ran ~20 % slower)
                long ab = aOff + pc * aks + c0 * ars;
                if (transA) packTransposedA(a, ab, lda, c1 - c0, kc, ap);
                else packA(a, ab, lda, c1 - c0, kc, ap);
                for (int b0 = c0; b0 < c1; b0 += MC) {
                    int b1 = Math.min(c1, b0 + MC);
                    for (int s = s0; s < s1; s++) {
                        int j = j0 + s * NR, w = Math.min(NR, N - j), bo = (p * strips + s) * KC * NR;
                        for (int i = b0; i < b1; i += MR) {
                            tile(packed, bo, kc, ap, (i - c0) * kc, tileC, c, cOff + i * ldc + j, ldc,
                                    Math.min(MR, b1 - i), w, add);
                        }
                    }
                }
            }
        }
    }

    /** The calling thread's packed-B buffer, grown to at least {@code floats}. */
    private static float[] packedB(int floats) {
        float[] p = PACKED_B.get();
        if (p.length < floats) {
            p = new float[floats];
            PACKED_B.set(p);
        }
        return p;
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

    /**
     * Packs rows of op(A) = Aᵀ (A stored k-major: element (i, k) at idx + k*lda + i) so that each 8-row tile reads
     * 8 consecutive floats per k, instead of one cache line and one page per k from the stored matrix.
     */
    static void packTransposedA(MemorySegment a, long idx, long lda, int rows, int kc, float[] dst) {
        int full = rows / MR * MR;
        // eight k at a time across all tiles, so each stored row's cache lines (one per two tiles) are used up while
        // in L1; tile by tile over all k, the rows lda apart (often a multiple of 4 KiB) share few cache sets and a
        // line can be evicted before the next tile reads its other half
        for (int k0 = 0; k0 < kc; k0 += PACK_K) {
            int k1 = Math.min(kc, k0 + PACK_K);
            for (int i = 0; i < full; i += MR) {
                int d = i * kc + k0 * MR;
                long src = (idx + k0 * lda + i) * 4;
                for (int k = k0; k < k1; k++, d += MR, src += lda * 4) {
                    FloatVector.fromMemorySegment(S8, a, src, NO).intoArray(dst, d);
                }
            }
        }
        for (int i = full; i < rows; i++) {
            int d = full * kc + i - full;
            for (int k = 0; k < kc; k++) dst[d + k * MR] = a.get(F, (idx + k * lda + i) * 4);
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
            // transposed B: each column of op(B) is a contiguous run in memory; 8 × 8 blocks in registers, then
            // the ragged rest element by element
            int fullJ = w / 8 * 8, fullK = bks == 1 ? kc / 8 * 8 : 0;
            for (int j = 0; j < fullJ; j += 8) {
                for (int k = 0; k < fullK; k += 8) Transpose8.block(b, (idx + j * bjs + k) * 4, bjs * 4, dst, d + k * NR + j, NR);
            }
            for (int j = 0; j < NR; j++) {
                long col = idx + j * bjs;
                for (int k = j < fullJ ? fullK : 0; k < kc; k++) dst[d + k * NR + j] = j < w ? b.getAtIndex(F, col + k * bks) : 0f;
            }
        }
    }

    /**
     * C[rows ≤ 8, w ≤ NR cols] (=|+=) packed A tile (from ap[ao]) · packed B strip (from bp[bo]), through the
     * calling thread's MR × NR array tile {@code t}. The kernel touches Java arrays only: its memory-segment version
     * compiled to code several times larger (session checks, heap-or-native dispatch), and once other kernels had
     * polluted the JDK's shared profiles, a recompilation in a long process (a pipeline's SFT after pretraining) could
     * exceed C2's node budget, drop the vector intrinsics and run 5-18x slower (NOTES.md, "Speed — fourth session").
     * The two copies of 8 × NR floats per tile, next to kc × 16 FMAs, cost 3-6 % of a training step (measured there).
     */
    static void tile(float[] bp, int bo, int kc, float[] ap, int ao, float[] t,
                     MemorySegment c, long cIdx, long ldc, int rows, int w, boolean add) {
        if (add) {
            for (int r = 0; r < rows; r++) MemorySegment.copy(c, F, (cIdx + r * ldc) * 4, t, r * NR, w);
        }
        kernel8(bp, bo, kc, ap, ao, t, add);
        for (int r = 0; r < rows; r++) MemorySegment.copy(t, r * NR, c, F, (cIdx + r * ldc) * 4, w);
    }

    /** Per-thread MR × NR tile of C (rows past a short tile's end hold leftovers the copies ignore). */
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);

    /**
     * The register tile: 8 rows × 2 vectors of C, starting from the tile {@code t} (add) or zero, then one FMA chain
     * per element over k. A is a packed tile (8 floats per k). Every element of C gets the same chain whichever tile
     * or task computes it, so the same bits. The FMAs are called as {@code lanewise(FMA, ..)} so that their receiver
     * profile is this method's own rather than the JDK's shared one, which other species also feed.
     */
    static void kernel8(float[] bp, int bo, int kc, float[] ap, int ao, float[] t, boolean add) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (add) {
            c00 = FloatVector.fromArray(S, t, 0); c01 = FloatVector.fromArray(S, t, V);
            c10 = FloatVector.fromArray(S, t, NR); c11 = FloatVector.fromArray(S, t, NR + V);
            c20 = FloatVector.fromArray(S, t, 2 * NR); c21 = FloatVector.fromArray(S, t, 2 * NR + V);
            c30 = FloatVector.fromArray(S, t, 3 * NR); c31 = FloatVector.fromArray(S, t, 3 * NR + V);
            c40 = FloatVector.fromArray(S, t, 4 * NR); c41 = FloatVector.fromArray(S, t, 4 * NR + V);
            c50 = FloatVector.fromArray(S, t, 5 * NR); c51 = FloatVector.fromArray(S, t, 5 * NR + V);
            c60 = FloatVector.fromArray(S, t, 6 * NR); c61 = FloatVector.fromArray(S, t, 6 * NR + V);
            c70 = FloatVector.fromArray(S, t, 7 * NR); c71 = FloatVector.fromArray(S, t, 7 * NR + V);
        } else {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z;
            c40 = z; c41 = z; c50 = z; c51 = z; c60 = z; c61 = z; c70 = z; c71 = z;
        }
        for (int k = 0; k < kc; k++, ao += MR, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo), b1 = FloatVector.fromArray(S, bp, bo + V);
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c00 = b0.lanewise(FMA, x, c00); c01 = b1.lanewise(FMA, x, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = b0.lanewise(FMA, x, c10); c11 = b1.lanewise(FMA, x, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = b0.lanewise(FMA, x, c20); c21 = b1.lanewise(FMA, x, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = b0.lanewise(FMA, x, c30); c31 = b1.lanewise(FMA, x, c31);
            x = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = b0.lanewise(FMA, x, c40); c41 = b1.lanewise(FMA, x, c41);
            x = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = b0.lanewise(FMA, x, c50); c51 = b1.lanewise(FMA, x, c51);
            x = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = b0.lanewise(FMA, x, c60); c61 = b1.lanewise(FMA, x, c61);
            x = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = b0.lanewise(FMA, x, c70); c71 = b1.lanewise(FMA, x, c71);
        }
        c00.intoArray(t, 0); c01.intoArray(t, V);
        c10.intoArray(t, NR); c11.intoArray(t, NR + V);
        c20.intoArray(t, 2 * NR); c21.intoArray(t, 2 * NR + V);
        c30.intoArray(t, 3 * NR); c31.intoArray(t, 3 * NR + V);
        c40.intoArray(t, 4 * NR); c41.intoArray(t, 4 * NR + V);
        c50.intoArray(t, 5 * NR); c51.intoArray(t, 5 * NR + V);
        c60.intoArray(t, 6 * NR); c61.intoArray(t, 6 * NR + V);
        c70.intoArray(t, 7 * NR); c71.intoArray(t, 7 * NR + V);
    }

}
