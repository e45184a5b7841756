package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

import java.lang.foreign.MemorySegment;

import static llmforge.kernels.Elementwise.GRAIN;
import static llmforge.kernels.Elementwise.NO;
import static llmforge.kernels.Elementwise.S;
import static llmforge.kernels.Pointwise.load;

/**
 * Sums over all elements or along the last dim, in a fixed order (lanes, then the tail; whole sums by fixed
 * chunks combined in chunk order), and their backward broadcasts. Twin: {@link ReductionsReference}.
 */
public final class Reductions {
    private Reductions() {}

    /** Sum of n floats (partials in double, fixed chunks). */
    public static double sumAll(MemorySegment x, long off, long n) { return Elementwise.sum(x, off, n); }

    /** out[r] = alpha * sum_j x[r, j]. x (N, C) -> out (N). */
    public static void sumRows(MemorySegment x, long xOff, int n, int c, float alpha, MemorySegment out, long oOff) {
        Parallel.forRange(n, LogSoftmaxRows.rowGrain(c), (r0, r1) -> {
            for (long r = r0; r < r1; r++) out.setAtIndex(Elementwise.F, oOff + r, alpha * RowStats.sum(x, xOff + r * c, c));
        });
    }

    /** dx[r, j] += alpha * dy[r]. dy (N), dx (N, C). */
    public static void broadcastRowsAdd(MemorySegment dy, long dyOff, float alpha, MemorySegment dx, long dxOff, int n, int c) {
        Parallel.forRange(n, LogSoftmaxRows.rowGrain(c), (r0, r1) -> {
            for (long r = r0; r < r1; r++) {
                addConstant(dx, dxOff + r * c, c, alpha * dy.getAtIndex(Elementwise.F, dyOff + r));
            }
        });
    }

    /** dx[i] += value for i in [0, n). */
    public static void addScalar(MemorySegment dx, long off, long n, float value) {
        Parallel.forRange(n, GRAIN, (from, to) -> addConstant(dx, off + from, to - from, value));
    }

    private static void addConstant(MemorySegment dx, long off, long n, float value) {
        for (long j = 0; j < n; j += S.length()) {
            VectorMask<Float> m = S.indexInRange(j, n);
            load(dx, off + j, m).add(value).intoMemorySegment(dx, (off + j) * 4, NO, m);
        }
    }
}
