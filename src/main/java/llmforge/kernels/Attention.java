package llmforge.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Fused scaled-dot-product attention, flash-attention style: queries and keys are processed in tiles with an
 * online softmax, so memory is O(T) per query row and no (T x S) score matrix exists. The forward keeps only the
 * per-row log-sum-exp (B, Hq, T) for the backward, which recomputes the probabilities tile by tile. Tiles the mask
 * hides completely are skipped, not computed.
 *
 * <pre>
 * q: (B, Hq, T, D), k, v: (B, Hkv, S, D)  ->  out: (B, Hq, T, D), lse: (B, Hq, T)   (any strides; D contiguous)
 * out[i] = sum_j softmax_j(scale * q_i . k_j  over visible j) v_j
 * </pre>
 * Work is split by (batch, head, query tile) in the forward and the dQ pass and by (batch, kv head, key tile) in
 * the dK/dV pass, so every task owns its output rows and results are bit-identical for any thread count.
 * Twin: {@link AttentionReference}.
 */
public final class Attention {
    /** Query rows and key columns per tile. */
    static final int BQ = 64, BK = 64;
    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final float NEG_INF = Float.NEGATIVE_INFINITY;

    private Attention() {}

    /** The default softmax temperature, 1 / sqrt(headDim). */
    public static float defaultScale(int headDim) { return (float) (1 / Math.sqrt(headDim)); }

    /** Head dim rounded up to the vector length: the row stride of position-major tiles. */
    static int paddedDim(int d) { return (d + TileGemm.L - 1) / TileGemm.L * TileGemm.L; }

    static int tiles(int n, int tile) { return (n + tile - 1) / tile; }

    /** Writes every element of {@code out} and {@code lse} (B, Hq, T contiguous at lseOff). */
    public static void forward(AttentionShape sh, AttentionMask mask, float scale, HeadsView q, HeadsView k,
                               HeadsView v, HeadsView out, MemorySegment lse, long lseOff) {
        AttentionPlan plan = new AttentionPlan(sh, mask);
        int nQt = tiles(sh.queries(), BQ);
        // heaviest (last, under a causal mask) query tiles first: better balance, same results
        Parallel.forTasks(sh.batch() * sh.heads() * nQt, task -> {
            int qt = nQt - 1 - task % nQt;
            int bh = task / nQt;
            forwardTile(sh, plan, scale, bh / sh.heads(), bh % sh.heads(), qt, q, k, v, out, lse, lseOff);
        });
    }

    /**
     * Adds the gradients into dq, dk, dv (each may be null when not wanted); {@code delta} is a (B, Hq, T)
     * workspace. Needs the forward's out and lse.
     */
    public static void backward(AttentionShape sh, AttentionMask mask, float scale, HeadsView q, HeadsView k,
                                HeadsView v, HeadsView out, MemorySegment lse, long lseOff, HeadsView dOut,
                                HeadsView dq, HeadsView dk, HeadsView dv, MemorySegment delta, long deltaOff) {
        AttentionBackward.run(sh, new AttentionPlan(sh, mask), scale, q, k, v, out, lse, lseOff, dOut, dq, dk, dv,
                delta, deltaOff);
    }

    /**
     * One query tile against every visible key tile. Scores are kept key-major, sT (keys x BQ queries), so that
     * the query tile is transposed once per task (not a key tile per step) and the softmax statistics of BQ
     * queries are vertical vector operations.
     */
    private static void forwardTile(AttentionShape sh, AttentionPlan plan, float scale, int b, int h, int qt,
                                    HeadsView q, HeadsView k, HeadsView v, HeadsView out, MemorySegment lse,
                                    long lseOff) {
        int d = sh.headDim(), dp = paddedDim(d);
        int kvh = h / sh.group();
        int q0 = qt * BQ, m = Math.min(BQ, sh.queries() - q0);
        AttentionScratch s = AttentionScratch.get(dp);
        loadTransposed(q, b, h, q0, m, d, s.qT, BQ, s.row, scale);
        Arrays.fill(s.rowMax, NEG_INF);
        Arrays.fill(s.rowSum, 0f);
        Arrays.fill(s.acc, 0, m * dp, 0f);
        int nKt = tiles(sh.keys(), BK);
        for (int kt = 0; kt < nKt; kt++) {
            int k0 = kt * BK, nk = Math.min(BK, sh.keys() - k0);
            int cls = plan.classify(b, q0, q0 + m, k0, k0 + nk);
            if (cls == AttentionPlan.SKIP) continue;
            loadRows(k, b, kvh, k0, nk, d, s.k, dp, 1f);
            loadRows(v, b, kvh, k0, nk, d, s.v, dp, 1f);
            // sT (nk x BQ) = k (nk x D) . (scale q)^T (D x BQ); columns past m are unused
            TileGemm.multiply(nk, BQ, d, s.k, 0, dp, 1, s.qT, 0, BQ, s.scores, 0, BQ, false);
            if (cls == AttentionPlan.PARTIAL) plan.maskKeyMajor(b, q0, m, k0, nk, s.scores, BQ);
            onlineSoftmax(s, m, nk, dp);
            // acc (m x Dp) += p (m x nk) . v (nk x Dp), reading p from the key-major tile
            TileGemm.multiply(m, dp, nk, s.scores, 0, 1, BQ, s.v, 0, dp, s.acc, 0, dp, true);
        }
        long lseRow = lseOff + ((long) b * sh.heads() + h) * sh.queries() + q0;
        for (int i = 0; i < m; i++) {
            float l = s.rowSum[i];
            float inv = l > 0 ? 1f / l : 0f;
            for (int c = i * dp, e = c + d; c < e; c++) s.acc[c] *= inv;
            MemorySegment.copy(s.acc, i * dp, out.segment(), F, out.row(b, h, q0 + i) * 4, d);
            s.shift[i] = l > 0 ? s.rowMax[i] + (float) Math.log(l) : NEG_INF;
        }
        MemorySegment.copy(s.shift, 0, lse, F, lseRow * 4, m);
    }

    /**
     * Turns the key-major score tile (nk x BQ) into unnormalised probabilities against each query's running
     * maximum, rescaling the running sums and output rows of queries whose maximum grew.
     */
    private static void onlineSoftmax(AttentionScratch s, int m, int nk, int dp) {
        FastExp.columnMax(s.scores, nk, BQ, s.tileMax);
        for (int i = 0; i < BQ; i++) {
            float mNew = Math.max(s.rowMax[i], s.tileMax[i]);
            // a query that has seen nothing yet keeps shift 0: exp(-inf - 0) = 0 for all its entries
            s.shift[i] = mNew == NEG_INF ? 0f : mNew;
        }
        FastExp.expColumns(s.scores, nk, BQ, s.shift, s.tileSum);
        for (int i = 0; i < m; i++) {
            float mOld = s.rowMax[i], mNew = Math.max(mOld, s.tileMax[i]);
            if (mNew == mOld) {
                s.rowSum[i] += s.tileSum[i];
                continue;
            }
            float corr = mOld == NEG_INF ? 0f : (float) Math.exp(mOld - mNew);
            s.rowSum[i] = s.rowSum[i] * corr + s.tileSum[i];
            if (corr != 0f) for (int c = i * dp, e = c + dp; c < e; c++) s.acc[c] *= corr;
            s.rowMax[i] = mNew;
        }
    }

    /** dst[j * ld + c] = scale * x[b, h, t0 + j, c] for j < rows, c < d. */
    static void loadRows(HeadsView x, int b, int h, int t0, int rows, int d, float[] dst, int ld, float scale) {
        for (int j = 0; j < rows; j++) {
            MemorySegment.copy(x.segment(), F, x.row(b, h, t0 + j) * 4, dst, j * ld, d);
            if (scale != 1f) for (int c = j * ld, e = c + d; c < e; c++) dst[c] *= scale;
        }
    }

    /**
     * dst[c * ld + j] = scale * x[b, h, t0 + j, c] for j < rows, c < d (a transposed tile); each row is first
     * copied in bulk into {@code row} (at least d floats), since per-element segment reads cost more.
     */
    static void loadTransposed(HeadsView x, int b, int h, int t0, int rows, int d, float[] dst, int ld, float[] row,
                               float scale) {
        for (int j = 0; j < rows; j++) {
            MemorySegment.copy(x.segment(), F, x.row(b, h, t0 + j) * 4, row, 0, d);
            for (int c = 0; c < d; c++) dst[c * ld + j] = scale * row[c];
        }
    }

    /** x[b, h, t0 + j, c] += scale * src[j * ld + c] for j < rows, c < d. */
    static void addRows(float[] src, int ld, int rows, int d, float scale, HeadsView x, int b, int h, int t0) {
        MemorySegment seg = x.segment();
        for (int j = 0; j < rows; j++) {
            long r = x.row(b, h, t0 + j);
            for (int c = 0; c < d; c++) seg.setAtIndex(F, r + c, seg.getAtIndex(F, r + c) + scale * src[j * ld + c]);
        }
    }
}
