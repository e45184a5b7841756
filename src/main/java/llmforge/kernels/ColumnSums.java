package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Column sums of a row-major matrix added into a vector (bias gradients). Tasks are fixed blocks of columns and
 * each column is summed over the rows in order, so results do not depend on the thread count.
 * Twin: {@link ColumnSumsReference}.
 */
public final class ColumnSums {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder NO = ByteOrder.nativeOrder();
    /** Columns per task: four vectors, so four independent add chains per row. */
    private static final int BLOCK = 4 * S.length();

    private ColumnSums() {}

    /** out[j] += Σ_r x[r, j] for x (rows × cols) at xOff with row stride ldx; out at outOff (contiguous). */
    public static void accumulate(MemorySegment x, long xOff, long rows, int cols, long ldx, MemorySegment out, long outOff) {
        Parallel.forTasks((cols + BLOCK - 1) / BLOCK, t -> {
            int j0 = t * BLOCK;
            for (int j = j0; j < Math.min(cols, j0 + BLOCK); j += S.length()) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector acc = FloatVector.zero(S);
                for (long r = 0; r < rows; r++) {
                    acc = acc.add(FloatVector.fromMemorySegment(S, x, (xOff + r * ldx + j) * 4, NO, m));
                }
                long o = (outOff + j) * 4;
                acc.add(FloatVector.fromMemorySegment(S, out, o, NO, m)).intoMemorySegment(out, o, NO, m);
            }
        });
    }
}
