package llmforge.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;

import static llmforge.kernels.Elementwise.F;
import static llmforge.kernels.Elementwise.NO;
import static llmforge.kernels.Elementwise.S;

/**
 * Sum of squares of n floats, accumulated in double (gradient norms must not lose small terms next to large
 * ones). Fixed chunks whose partial sums are added in chunk order: identical for any thread count.
 * Twin: {@link SumOfSquaresReference}.
 */
public final class SumOfSquares {
    /** The double species with as many bits as the float one: each float vector widens into two of these. */
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());

    private SumOfSquares() {}

    public static double of(MemorySegment x, long off, long n) {
        if (n <= 0) return 0;
        int chunks = Math.toIntExact((n + Elementwise.GRAIN - 1) / Elementwise.GRAIN);
        double[] partial = new double[chunks];
        Parallel.forTasks(chunks, c -> {
            long from = c * Elementwise.GRAIN, to = Math.min(n, from + Elementwise.GRAIN);
            partial[c] = range(x, off + from, to - from);
        });
        double total = 0;
        for (double p : partial) total += p;
        return total;
    }

    private static double range(MemorySegment x, long off, long n) {
        DoubleVector lo = DoubleVector.zero(D), hi = DoubleVector.zero(D);
        long i = 0;
        long bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector f = FloatVector.fromMemorySegment(S, x, (off + i) * 4, NO);
            DoubleVector a = (DoubleVector) f.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector b = (DoubleVector) f.convertShape(VectorOperators.F2D, D, 1);
            lo = a.fma(a, lo);
            hi = b.fma(b, hi);
        }
        double s = sumLanes(lo.add(hi));
        for (; i < n; i++) {
            double e = x.getAtIndex(F, off + i);
            s += e * e;
        }
        return s;
    }

    /** Lane sum in lane order: the same bits at every JIT level (reduceLanes may reorder). */
    private static double sumLanes(jdk.incubator.vector.DoubleVector v) {
        double s = 0;
        for (int i = 0; i < v.length(); i++) s += v.lane(i);
        return s;
    }
}
