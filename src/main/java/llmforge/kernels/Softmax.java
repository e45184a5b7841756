package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static llmforge.kernels.Elementwise.NO;
import static llmforge.kernels.Elementwise.S;
import static llmforge.kernels.Pointwise.load;

/** Softmax and log-softmax over the last dim, rows in parallel. Twin: {@link SoftmaxReference}. */
public final class Softmax {
    private Softmax() {}

    /** x (N, C) -> y (N, C): softmax, or log-softmax when {@code log}. */
    public static void forward(boolean log, MemorySegment x, long xOff, MemorySegment y, long yOff, int n, int c) {
        Parallel.forRange(n, LogSoftmaxRows.rowGrain(c), (r0, r1) -> {
            for (long r = r0; r < r1; r++) {
                long xo = xOff + r * c, yo = yOff + r * c;
                FloatVector lse = FloatVector.broadcast(S, LogSoftmaxRows.logSumExp(x, xo, c));
                for (int j = 0; j < c; j += S.length()) {
                    VectorMask<Float> m = S.indexInRange(j, c);
                    FloatVector z = load(x, xo + j, m).sub(lse);
                    (log ? z : VectorMath.exp(z)).intoMemorySegment(y, (yo + j) * 4, NO, m);
                }
            }
        });
    }

    /**
     * dx (N, C) += softmax: y * (dy - sum(dy * y)); log-softmax: dy - exp(y) * sum(dy). y is the forward output.
     */
    public static void backward(boolean log, MemorySegment y, long yOff, MemorySegment dy, long dyOff,
                                MemorySegment dx, long dxOff, int n, int c) {
        Parallel.forRange(n, LogSoftmaxRows.rowGrain(c), (r0, r1) -> {
            for (long r = r0; r < r1; r++) {
                long yo = yOff + r * c, go = dyOff + r * c, xo = dxOff + r * c;
                FloatVector acc = FloatVector.zero(S);
                for (int j = 0; j < c; j += S.length()) {
                    VectorMask<Float> m = S.indexInRange(j, c);
                    FloatVector g = load(dy, go + j, m);
                    acc = log ? acc.add(g) : g.fma(load(y, yo + j, m), acc);
                }
                FloatVector s = FloatVector.broadcast(S, VectorMath.sum(acc));
                for (int j = 0; j < c; j += S.length()) {
                    VectorMask<Float> m = S.indexInRange(j, c);
                    FloatVector g = load(dy, go + j, m), yv = load(y, yo + j, m);
                    FloatVector d = log ? g.sub(VectorMath.exp(yv).mul(s)) : yv.mul(g.sub(s));
                    d.add(load(dx, xo + j, m)).intoMemorySegment(dx, (xo + j) * 4, NO, m);
                }
            }
        });
    }
}
