package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static llmforge.kernels.Elementwise.F;
import static llmforge.kernels.Elementwise.NO;
import static llmforge.kernels.Elementwise.S;

/** Vectorised row sums used by the normalisation kernels (lanes then tail: a fixed order). */
final class RowStats {
    private RowStats() {}

    /** Channels per task for column reductions (dweight, dbias): fixed, so the split never depends on threads. */
    static final int CHANNEL_BLOCK = 64;

    static float sum(MemorySegment x, long off, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            acc = acc.add(FloatVector.fromMemorySegment(S, x, (off + i) * 4, NO));
        }
        float s = VectorMath.sum(acc);
        for (; i < n; i++) s += x.getAtIndex(F, off + i);
        return s;
    }

    /** sum_j (x_j - c)^2. */
    static float sumSquaredDeviation(MemorySegment x, long off, int n, float c) {
        FloatVector vc = FloatVector.broadcast(S, c);
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector d = FloatVector.fromMemorySegment(S, x, (off + i) * 4, NO).sub(vc);
            acc = d.fma(d, acc);
        }
        float s = VectorMath.sum(acc);
        for (; i < n; i++) {
            float d = x.getAtIndex(F, off + i) - c;
            s += d * d;
        }
        return s;
    }

    /** sum_j a_j * b_j * w_j. */
    static float dot3(MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment w, long wOff, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector va = FloatVector.fromMemorySegment(S, a, (aOff + i) * 4, NO);
            FloatVector vb = FloatVector.fromMemorySegment(S, b, (bOff + i) * 4, NO);
            acc = va.mul(vb).fma(FloatVector.fromMemorySegment(S, w, (wOff + i) * 4, NO), acc);
        }
        float s = VectorMath.sum(acc);
        for (; i < n; i++) s += a.getAtIndex(F, aOff + i) * b.getAtIndex(F, bOff + i) * w.getAtIndex(F, wOff + i);
        return s;
    }
}
