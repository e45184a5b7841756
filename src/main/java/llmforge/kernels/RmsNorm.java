package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

import java.lang.foreign.MemorySegment;

import static llmforge.kernels.Elementwise.F;
import static llmforge.kernels.Elementwise.NO;
import static llmforge.kernels.Elementwise.S;

/**
 * RMSNorm (LLaMA): {@code y = x * rrms * w}, rrms = 1/sqrt(mean(x^2) + eps). Same parallel layout as
 * {@link LayerNorm}: rows in parallel, dweight by fixed channel blocks with rows in order.
 * Twin: {@link RmsNormReference}.
 */
public final class RmsNorm {
    private RmsNorm() {}

    /** x: (N, C), w: (C) -> y: (N, C); rrms: (N) saved for the backward. */
    public static void forward(MemorySegment x, long xOff, MemorySegment w, long wOff, MemorySegment y, long yOff,
                               float[] rrms, int n, int c, float eps) {
        Parallel.forRange(n, LogSoftmaxRows.rowGrain(c), (r0, r1) -> {
            for (int r = (int) r0; r < r1; r++) {
                long xo = xOff + (long) r * c, yo = yOff + (long) r * c;
                float rs = (float) (1.0 / Math.sqrt(RowStats.sumSquaredDeviation(x, xo, c, 0f) / c + eps));
                rrms[r] = rs;
                FloatVector vr = FloatVector.broadcast(S, rs);
                int j = 0;
                for (int bound = S.loopBound(c); j < bound; j += S.length()) {
                    FloatVector.fromMemorySegment(S, x, (xo + j) * 4, NO).mul(vr)
                            .mul(FloatVector.fromMemorySegment(S, w, (wOff + j) * 4, NO)).intoMemorySegment(y, (yo + j) * 4, NO);
                }
                for (; j < c; j++) y.setAtIndex(F, yo + j, x.getAtIndex(F, xo + j) * rs * w.getAtIndex(F, wOff + j));
            }
        });
    }

    /** Accumulates dx (N, C) and dw (C) (either may be null). dx = rrms * (dy*w - xhat * mean(dy*w*xhat)). */
    public static void backward(MemorySegment dy, long dyOff, MemorySegment x, long xOff, MemorySegment w, long wOff,
                                float[] rrms, int n, int c, MemorySegment dx, long dxOff, MemorySegment dw, long dwOff) {
        if (dx != null) {
            Parallel.forRange(n, LogSoftmaxRows.rowGrain(c), (r0, r1) -> {
                for (int r = (int) r0; r < r1; r++) {
                    long ro = (long) r * c;
                    float rs = rrms[r];
                    float k = RowStats.dot3(dy, dyOff + ro, w, wOff, x, xOff + ro, c) * rs * rs / c;
                    FloatVector vr = FloatVector.broadcast(S, rs), vk = FloatVector.broadcast(S, k);
                    int j = 0;
                    for (int bound = S.loopBound(c); j < bound; j += S.length()) {
                        FloatVector g = FloatVector.fromMemorySegment(S, dy, (dyOff + ro + j) * 4, NO)
                                .mul(FloatVector.fromMemorySegment(S, w, (wOff + j) * 4, NO));
                        FloatVector xv = FloatVector.fromMemorySegment(S, x, (xOff + ro + j) * 4, NO);
                        g.sub(xv.mul(vk)).mul(vr).add(FloatVector.fromMemorySegment(S, dx, (dxOff + ro + j) * 4, NO))
                                .intoMemorySegment(dx, (dxOff + ro + j) * 4, NO);
                    }
                    for (; j < c; j++) {
                        float g = dy.getAtIndex(F, dyOff + ro + j) * w.getAtIndex(F, wOff + j);
                        float d = (g - x.getAtIndex(F, xOff + ro + j) * k) * rs;
                        dx.setAtIndex(F, dxOff + ro + j, dx.getAtIndex(F, dxOff + ro + j) + d);
                    }
                }
            });
        }
        if (dw == null) return;
        int blocks = (c + RowStats.CHANNEL_BLOCK - 1) / RowStats.CHANNEL_BLOCK;
        Parallel.forTasks(blocks, blk -> {
            int c0 = blk * RowStats.CHANNEL_BLOCK, c1 = Math.min(c, c0 + RowStats.CHANNEL_BLOCK);
            for (int r = 0; r < n; r++) {
                long ro = (long) r * c;
                for (int j = c0; j < c1; j += S.length()) {
                    VectorMask<Float> k = S.indexInRange(j, c1);
                    FloatVector xh = Pointwise.load(x, xOff + ro + j, k).mul(rrms[r]);
                    Pointwise.load(dy, dyOff + ro + j, k).fma(xh, Pointwise.load(dw, dwOff + j, k))
                            .intoMemorySegment(dw, (dwOff + j) * 4, NO, k);
                }
            }
        });
    }
}
