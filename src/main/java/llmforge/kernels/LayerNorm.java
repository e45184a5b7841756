package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

import java.lang.foreign.MemorySegment;

import static llmforge.kernels.Elementwise.F;
import static llmforge.kernels.Elementwise.NO;
import static llmforge.kernels.Elementwise.S;

/**
 * LayerNorm over the last dim: {@code y = (x - mean) * rstd * w + b}, rstd = 1/sqrt(var + eps) (biased var).
 * Rows run in parallel for the forward and dx; dweight/dbias are column sums, computed by tasks that each own a
 * fixed block of channels and walk the rows in order, so they are bit-identical for any thread count.
 * Twin: {@link LayerNormReference}.
 */
public final class LayerNorm {
    private LayerNorm() {}

    /** x: (N, C), w, b: (C) -> y: (N, C); mean, rstd: (N) saved for the backward. */
    public static void forward(MemorySegment x, long xOff, MemorySegment w, long wOff, MemorySegment b, long bOff,
                               MemorySegment y, long yOff, float[] mean, float[] rstd, int n, int c, float eps) {
        Parallel.forRange(n, LogSoftmaxRows.rowGrain(c), (r0, r1) -> {
            for (int r = (int) r0; r < r1; r++) {
                long xo = xOff + (long) r * c, yo = yOff + (long) r * c;
                float m = RowStats.sum(x, xo, c) / c;
                float rs = (float) (1.0 / Math.sqrt(RowStats.sumSquaredDeviation(x, xo, c, m) / c + eps));
                mean[r] = m;
                rstd[r] = rs;
                FloatVector vm = FloatVector.broadcast(S, m), vr = FloatVector.broadcast(S, rs);
                int j = 0;
                for (int bound = S.loopBound(c); j < bound; j += S.length()) {
                    FloatVector xh = FloatVector.fromMemorySegment(S, x, (xo + j) * 4, NO).sub(vm).mul(vr);
                    xh.fma(FloatVector.fromMemorySegment(S, w, (wOff + j) * 4, NO),
                            FloatVector.fromMemorySegment(S, b, (bOff + j) * 4, NO)).intoMemorySegment(y, (yo + j) * 4, NO);
                }
                for (; j < c; j++) {
                    float xh = (x.getAtIndex(F, xo + j) - m) * rs;
                    y.setAtIndex(F, yo + j, Math.fma(xh, w.getAtIndex(F, wOff + j), b.getAtIndex(F, bOff + j)));
                }
            }
        });
    }

    /**
     * Accumulates dx (N, C) += ..., dw (C) += sum_r dy * xhat, db (C) += sum_r dy; any of dx, dw, db may be null.
     * dy, x: (N, C); mean, rstd from {@link #forward}.
     */
    public static void backward(MemorySegment dy, long dyOff, MemorySegment x, long xOff, MemorySegment w, long wOff,
                                float[] mean, float[] rstd, int n, int c, MemorySegment dx, long dxOff,
                                MemorySegment dw, long dwOff, MemorySegment db, long dbOff) {
        if (dx != null) {
            Parallel.forRange(n, LogSoftmaxRows.rowGrain(c), (r0, r1) -> {
                for (int r = (int) r0; r < r1; r++) dxRow(dy, dyOff + (long) r * c, x, xOff + (long) r * c, w, wOff,
                        mean[r], rstd[r], c, dx, dxOff + (long) r * c);
            });
        }
        if (dw == null && db == null) return;
        int blocks = (c + RowStats.CHANNEL_BLOCK - 1) / RowStats.CHANNEL_BLOCK;
        Parallel.forTasks(blocks, blk -> {
            int c0 = blk * RowStats.CHANNEL_BLOCK, c1 = Math.min(c, c0 + RowStats.CHANNEL_BLOCK);
            for (int r = 0; r < n; r++) {
                long ro = (long) r * c;
                for (int j = c0; j < c1; j += S.length()) {
                    VectorMask<Float> k = S.indexInRange(j, c1);
                    FloatVector g = Pointwise.load(dy, dyOff + ro + j, k);
                    if (dw != null) {
                        FloatVector xh = Pointwise.load(x, xOff + ro + j, k).sub(mean[r]).mul(rstd[r]);
                        g.fma(xh, Pointwise.load(dw, dwOff + j, k)).intoMemorySegment(dw, (dwOff + j) * 4, NO, k);
                    }
                    if (db != null) Pointwise.load(db, dbOff + j, k).add(g).intoMemorySegment(db, (dbOff + j) * 4, NO, k);
                }
            }
        });
    }

    // dx = rstd * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)), dxhat = dy * w
    private static void dxRow(MemorySegment dy, long dyo, MemorySegment x, long xo, MemorySegment w, long wOff,
                              float m, float rs, int c, MemorySegment dx, long dxo) {
        FloatVector vm = FloatVector.broadcast(S, m), vr = FloatVector.broadcast(S, rs);
        FloatVector sg = FloatVector.zero(S), sgx = FloatVector.zero(S);
        int j = 0;
        int bound = S.loopBound(c);
        for (; j < bound; j += S.length()) {
            FloatVector g = FloatVector.fromMemorySegment(S, dy, (dyo + j) * 4, NO)
                    .mul(FloatVector.fromMemorySegment(S, w, (wOff + j) * 4, NO));
            FloatVector xh = FloatVector.fromMemorySegment(S, x, (xo + j) * 4, NO).sub(vm).mul(vr);
            sg = sg.add(g);
            sgx = g.fma(xh, sgx);
        }
        float a = VectorMath.sum(sg);
        float bsum = VectorMath.sum(sgx);
        for (int k = j; k < c; k++) {
            float g = dy.getAtIndex(F, dyo + k) * w.getAtIndex(F, wOff + k);
            a += g;
            bsum += g * ((x.getAtIndex(F, xo + k) - m) * rs);
        }
        float meanG = a / c, meanGx = bsum / c;
        FloatVector vmg = FloatVector.broadcast(S, meanG), vmgx = FloatVector.broadcast(S, meanGx);
        for (j = 0; j < bound; j += S.length()) {
            FloatVector g = FloatVector.fromMemorySegment(S, dy, (dyo + j) * 4, NO)
                    .mul(FloatVector.fromMemorySegment(S, w, (wOff + j) * 4, NO));
            FloatVector xh = FloatVector.fromMemorySegment(S, x, (xo + j) * 4, NO).sub(vm).mul(vr);
            FloatVector d = g.sub(vmg).sub(xh.mul(vmgx)).mul(vr);
            d.add(FloatVector.fromMemorySegment(S, dx, (dxo + j) * 4, NO)).intoMemorySegment(dx, (dxo + j) * 4, NO);
        }
        for (; j < c; j++) {
            float g = dy.getAtIndex(F, dyo + j) * w.getAtIndex(F, wOff + j);
            float xh = (x.getAtIndex(F, xo + j) - m) * rs;
            dx.setAtIndex(F, dxo + j, dx.getAtIndex(F, dxo + j) + (g - meanG - xh * meanGx) * rs);
        }
    }
}
