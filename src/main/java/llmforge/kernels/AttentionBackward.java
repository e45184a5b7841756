package llmforge.kernels;

import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static llmforge.kernels.Attention.BK;
import static llmforge.kernels.Attention.BQ;
import static llmforge.kernels.Attention.F;

/**
 * The attention backward in two deterministic passes that each recompute probabilities tile by tile from the
 * saved log-sum-exp, P = exp(scale q.k - lse):
 * <ol>
 *   <li>per (batch, head, query tile): delta_i = dOut_i . out_i and dQ = scale * dS K;</li>
 *   <li>per (batch, kv head, key tile): dV = P^T dOut and dK = scale * dS^T Q, summed over the query heads of the
 *       group, then the query tiles, in a fixed order,</li>
 * </ol>
 * where dS = P * (dOut v^T - delta). Each task owns the rows it writes: no atomics, no thread-count effects.
 */
final class AttentionBackward {
    private AttentionBackward() {}

    static void run(AttentionShape sh, AttentionPlan plan, float scale, HeadsView q, HeadsView k, HeadsView v,
                    HeadsView out, MemorySegment lse, long lseOff, HeadsView dOut, HeadsView dq, HeadsView dk,
                    HeadsView dv, MemorySegment delta, long deltaOff) {
        int nQt = Attention.tiles(sh.queries(), BQ), nKt = Attention.tiles(sh.keys(), BK);
        Parallel.forTasks(sh.batch() * sh.heads() * nQt, task -> {
            int bh = task / nQt;
            queryTile(sh, plan, scale, bh / sh.heads(), bh % sh.heads(), task % nQt, q, k, v, out, lse, lseOff,
                    dOut, dq, delta, deltaOff);
        });
        if (dk == null && dv == null) return;
        Parallel.forTasks(sh.batch() * sh.kvHeads() * nKt, task -> {
            int bh = task / nKt;
            keyTile(sh, plan, scale, bh / sh.kvHeads(), bh % sh.kvHeads(), task % nKt, q, k, v, lse, lseOff, dOut,
                    dk, dv, delta, deltaOff);
        });
    }

    /** delta for the tile's rows, then (when dq is wanted) dq += scale * dS K over the visible key tiles. */
    private static void queryTile(AttentionShape sh, AttentionPlan plan, float scale, int b, int h, int qt,
                                  HeadsView q, HeadsView k, HeadsView v, HeadsView out, MemorySegment lse,
                                  long lseOff, HeadsView dOut, HeadsView dq, MemorySegment delta, long deltaOff) {
        int d = sh.headDim(), dp = Attention.paddedDim(d), kvh = h / sh.group();
        int q0 = qt * BQ, m = Math.min(BQ, sh.queries() - q0);
        AttentionScratch s = AttentionScratch.get(dp);
        long rowIndex = ((long) b * sh.heads() + h) * sh.queries() + q0;
        Attention.loadRows(dOut, b, h, q0, m, d, s.dOut, dp, 1f);
        Attention.loadRows(out, b, h, q0, m, d, s.acc, dp, 1f);
        for (int i = 0; i < m; i++) {
            double t = 0;
            for (int c = i * dp, e = c + d; c < e; c++) t += (double) s.dOut[c] * s.acc[c];
            s.delta[i] = (float) t;
            delta.setAtIndex(F, deltaOff + rowIndex + i, s.delta[i]);
        }
        if (dq == null) return;
        loadLse(lse, lseOff + rowIndex, m, s.lse);
        // key-major tiles (keys x BQ queries) as in the forward: q and dOut are transposed once per task
        Attention.loadTransposed(q, b, h, q0, m, d, s.qT, BQ, s.row, scale);
        Attention.loadTransposed(dOut, b, h, q0, m, d, s.dOutT, BQ, s.row, 1f);
        Arrays.fill(s.acc, 0, m * dp, 0f);
        for (int kt = 0, nKt = Attention.tiles(sh.keys(), BK); kt < nKt; kt++) {
            int k0 = kt * BK, nk = Math.min(BK, sh.keys() - k0);
            int cls = plan.classify(b, q0, q0 + m, k0, k0 + nk);
            if (cls == AttentionPlan.SKIP) continue;
            Attention.loadRows(k, b, kvh, k0, nk, d, s.k, dp, 1f);
            Attention.loadRows(v, b, kvh, k0, nk, d, s.v, dp, 1f);
            // P^T (nk x BQ) = exp(k . (scale q)^T - lse);  dP^T = v . dOut^T;  dS^T = P^T * (dP^T - delta)
            TileGemm.multiply(nk, BQ, d, s.k, 0, dp, 1, s.qT, 0, BQ, s.scores, 0, BQ, false);
            if (cls == AttentionPlan.PARTIAL) plan.maskKeyMajor(b, q0, m, k0, nk, s.scores, BQ);
            FastExp.expColumns(s.scores, nk, BQ, s.lse, s.tileSum);
            TileGemm.multiply(nk, BQ, d, s.v, 0, dp, 1, s.dOutT, 0, BQ, s.dScores, 0, BQ, false);
            for (int j = 0; j < nk; j++) {
                for (int c = 0, at = j * BQ; c < BQ; c += TileGemm.L, at += TileGemm.L) {
                    FloatVector p = FloatVector.fromArray(TileGemm.S, s.scores, at);
                    FloatVector dpv = FloatVector.fromArray(TileGemm.S, s.dScores, at);
                    p.mul(dpv.sub(FloatVector.fromArray(TileGemm.S, s.delta, c))).intoArray(s.dScores, at);
                }
            }
            // acc (m x Dp) += dS (m x nk) . k (nk x Dp), reading dS from the key-major tile
            TileGemm.multiply(m, dp, nk, s.dScores, 0, 1, BQ, s.k, 0, dp, s.acc, 0, dp, true);
        }
        Attention.addRows(s.acc, dp, m, d, scale, dq, b, h, q0);
    }

    /** dk, dv rows of one key tile, accumulated over every (query head of the group, query tile) that sees it. */
    private static void keyTile(AttentionShape sh, AttentionPlan plan, float scale, int b, int kvh, int kt,
                                HeadsView q, HeadsView k, HeadsView v, MemorySegment lse, long lseOff,
                                HeadsView dOut, HeadsView dk, HeadsView dv, MemorySegment delta, long deltaOff) {
        int d = sh.headDim(), dp = Attention.paddedDim(d);
        int k0 = kt * BK, nk = Math.min(BK, sh.keys() - k0);
        AttentionScratch s = AttentionScratch.get(dp);
        Attention.loadTransposed(k, b, kvh, k0, nk, d, s.kT, BK, s.row, 1f);
        Attention.loadTransposed(v, b, kvh, k0, nk, d, s.vT, BK, s.row, 1f);
        Arrays.fill(s.dk, 0, nk * dp, 0f);
        Arrays.fill(s.dv, 0, nk * dp, 0f);
        int nQt = Attention.tiles(sh.queries(), BQ);
        for (int h = kvh * sh.group(), hEnd = h + sh.group(); h < hEnd; h++) {
            for (int qt = 0; qt < nQt; qt++) {
                int q0 = qt * BQ, m = Math.min(BQ, sh.queries() - q0);
                int cls = plan.classify(b, q0, q0 + m, k0, k0 + nk);
                if (cls == AttentionPlan.SKIP) continue;
                long rowIndex = ((long) b * sh.heads() + h) * sh.queries() + q0;
                loadLse(lse, lseOff + rowIndex, m, s.lse);
                MemorySegment.copy(delta, F, (deltaOff + rowIndex) * 4, s.delta, 0, m);
                Attention.loadRows(q, b, h, q0, m, d, s.q, dp, scale);
                Attention.loadRows(dOut, b, h, q0, m, d, s.dOut, dp, 1f);
                scoreGradient(s, plan, cls, b, q0, m, k0, nk, d, dp);
                // dv (nk x Dp) += P^T (nk x m) . dOut (m x Dp);  dk (nk x Dp) += dS^T (nk x m) . (scale q) (m x Dp)
                TileGemm.multiply(nk, dp, m, s.scores, 0, 1, BK, s.dOut, 0, dp, s.dv, 0, dp, true);
                TileGemm.multiply(nk, dp, m, s.dScores, 0, 1, BK, s.q, 0, dp, s.dk, 0, dp, true);
            }
        }
        if (dk != null) Attention.addRows(s.dk, dp, nk, d, 1f, dk, b, kvh, k0);
        if (dv != null) Attention.addRows(s.dv, dp, nk, d, 1f, dv, b, kvh, k0);
    }

    /**
     * From the loaded q (scaled), kT, vT, dOut, lse and delta tiles: scores := P (m x BK, masked entries 0) and
     * dScores := dS = P * (dOut . v - delta).
     */
    private static void scoreGradient(AttentionScratch s, AttentionPlan plan, int cls, int b, int q0, int m, int k0,
                                      int nk, int d, int dp) {
        TileGemm.multiply(m, BK, d, s.q, 0, dp, 1, s.kT, 0, BK, s.scores, 0, BK, false);
        plan.mask(cls, b, q0, m, k0, nk, BK, s.scores, BK);
        TileGemm.multiply(m, BK, d, s.dOut, 0, dp, 1, s.vT, 0, BK, s.dScores, 0, BK, false);
        for (int i = 0; i < m; i++) {
            FastExp.expShifted(s.scores, i * BK, BK, s.lse[i], s.lanes);
            FloatVector dv = FloatVector.broadcast(TileGemm.S, s.delta[i]);
            for (int c = i * BK, e = c + BK; c < e; c += TileGemm.L) {
                FloatVector p = FloatVector.fromArray(TileGemm.S, s.scores, c);
                p.mul(FloatVector.fromArray(TileGemm.S, s.dScores, c).sub(dv)).intoArray(s.dScores, c);
            }
        }
    }

    /** Row log-sum-exps; a row that saw no key (-inf) becomes +inf so that every probability of it is exactly 0. */
    private static void loadLse(MemorySegment lse, long at, int m, float[] dst) {
        MemorySegment.copy(lse, F, at * 4, dst, 0, m);
        for (int i = 0; i < m; i++) if (dst[i] == Float.NEGATIVE_INFINITY) dst[i] = Float.POSITIVE_INFINITY;
    }
}
