package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static llmforge.kernels.Elementwise.F;
import static llmforge.kernels.Elementwise.NO;
import static llmforge.kernels.Elementwise.S;

/** Vectorised per-row primitives shared by the softmax, cross-entropy and target-log-prob kernels. */
final class LogSoftmaxRows {
    private LogSoftmaxRows() {}

    /** Rows per task so that one task touches about {@code GRAIN} floats. */
    static long rowGrain(int cols) { return Math.max(1, Elementwise.GRAIN / Math.max(cols, 1)); }

    static float max(MemorySegment x, long off, int n) {
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            m = m.max(FloatVector.fromMemorySegment(S, x, (off + i) * 4, NO));
        }
        float r = m.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) r = Math.max(r, x.getAtIndex(F, off + i));
        return r;
    }

    /** log(sum_j exp(x_j)) of one row, shifted by the row max for stability. */
    static float logSumExp(MemorySegment x, long off, int n) {
        float m = max(x, off, n);
        if (m == Float.NEGATIVE_INFINITY) return m;
        FloatVector vm = FloatVector.broadcast(S, m);
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            acc = acc.add(VectorMath.exp(FloatVector.fromMemorySegment(S, x, (off + i) * 4, NO).sub(vm)));
        }
        if (i < n) {
            VectorMask<Float> k = S.indexInRange(i, n);
            FloatVector t = VectorMath.exp(FloatVector.fromMemorySegment(S, x, (off + i) * 4, NO, k).sub(vm));
            acc = acc.add(t, k);
        }
        return m + (float) Math.log(VectorMath.sum(acc));
    }

    /** dx[j] += coef * exp(x[j] - lse): the softmax part of a log-prob gradient, scaled. */
    static void addScaledSoftmax(MemorySegment x, long off, int n, float lse, float coef, MemorySegment dx, long dOff) {
        FloatVector vl = FloatVector.broadcast(S, lse);
        FloatVector vc = FloatVector.broadcast(S, coef);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector p = VectorMath.exp(FloatVector.fromMemorySegment(S, x, (off + i) * 4, NO).sub(vl));
            p.fma(vc, FloatVector.fromMemorySegment(S, dx, (dOff + i) * 4, NO)).intoMemorySegment(dx, (dOff + i) * 4, NO);
        }
        if (i < n) {
            VectorMask<Float> k = S.indexInRange(i, n);
            FloatVector p = VectorMath.exp(FloatVector.fromMemorySegment(S, x, (off + i) * 4, NO, k).sub(vl));
            p.fma(vc, FloatVector.fromMemorySegment(S, dx, (dOff + i) * 4, NO, k)).intoMemorySegment(dx, (dOff + i) * 4, NO, k);
        }
    }
}
