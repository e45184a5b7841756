package llmforge.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

import java.lang.foreign.MemorySegment;

import static llmforge.kernels.Elementwise.NO;
import static llmforge.kernels.Elementwise.S;
import static llmforge.kernels.Pointwise.load;

/**
 * Embedding lookup: rows of a (V, C) table picked by int ids. The backward scatter-adds into the table's
 * gradient with tasks that each own a fixed block of channels and walk the ids in order, so repeated ids add
 * in the same order for any thread count (no atomics, no races). Twin: {@link EmbeddingReference}.
 */
public final class Embedding {
    private Embedding() {}

    /** table (V, C), ids (N) -> out (N, C). */
    public static void forward(MemorySegment table, long tOff, int v, int c, int[] ids, MemorySegment out, long oOff) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= v) {
                throw new IllegalArgumentException("token id " + ids[i] + " at position " + i
                        + " is outside the embedding table's " + v + " rows");
            }
        }
        Parallel.forRange(ids.length, LogSoftmaxRows.rowGrain(c), (r0, r1) -> {
            for (int i = (int) r0; i < r1; i++) {
                MemorySegment.copy(table, (tOff + (long) ids[i] * c) * 4, out, (oOff + (long) i * c) * 4, (long) c * 4);
            }
        });
    }

    /** dtable[ids[i], :] += dout[i, :] for i in order. dout (N, C), dtable (V, C). */
    public static void backward(MemorySegment dout, long dOff, int[] ids, int c, MemorySegment dtable, long dtOff) {
        int blocks = (c + RowStats.CHANNEL_BLOCK - 1) / RowStats.CHANNEL_BLOCK;
        Parallel.forTasks(blocks, blk -> {
            int c0 = blk * RowStats.CHANNEL_BLOCK, c1 = Math.min(c, c0 + RowStats.CHANNEL_BLOCK);
            for (int i = 0; i < ids.length; i++) {
                long src = dOff + (long) i * c, dst = dtOff + (long) ids[i] * c;
                for (int j = c0; j < c1; j += S.length()) {
                    VectorMask<Float> m = S.indexInRange(j, c1);
                    load(dtable, dst + j, m).add(load(dout, src + j, m)).intoMemorySegment(dtable, (dst + j) * 4, NO, m);
                }
            }
        });
    }
}
