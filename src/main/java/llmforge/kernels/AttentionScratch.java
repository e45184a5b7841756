package llmforge.kernels;

/**
 * Per-thread tiles for the attention kernels, reused across calls (grown when a wider head dim arrives), so the
 * kernels allocate nothing per tile. Row strides: {@code dp} (head dim padded to the vector length) for
 * position-major tiles, BQ or BK for score tiles and transposed tiles.
 */
final class AttentionScratch {
    private static final ThreadLocal<AttentionScratch> LOCAL = new ThreadLocal<>();

    final int capacityDp;
    final float[] q, qT, kT, v, scores, acc, rowMax, rowSum, tileMax, tileSum, shift, lanes, row;
    final float[] dOut, dOutT, dScores, k, vT, dk, dv, lse, delta;

    private AttentionScratch(int dp) {
        int bq = Attention.BQ, bk = Attention.BK;
        capacityDp = dp;
        q = new float[bq * dp];
        qT = new float[dp * bq];
        kT = new float[dp * bk];
        v = new float[bk * dp];
        scores = new float[bq * bk];
        acc = new float[bq * dp];
        rowMax = new float[bq];
        rowSum = new float[bq];
        tileMax = new float[bq];
        tileSum = new float[bq];
        shift = new float[bq];
        lanes = new float[TileGemm.L];
        row = new float[dp];
        dOut = new float[bq * dp];
        dOutT = new float[dp * bq];
        dScores = new float[bq * bk];
        k = new float[bk * dp];
        vT = new float[dp * bk];
        dk = new float[bk * dp];
        dv = new float[bk * dp];
        lse = new float[bq];
        delta = new float[bq];
    }

    static AttentionScratch get(int dp) {
        AttentionScratch s = LOCAL.get();
        if (s == null || s.capacityDp < dp) {
            s = new AttentionScratch(dp);
            LOCAL.set(s);
        }
        return s;
    }
}
