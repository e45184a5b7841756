package llmforge.autograd;

import llmforge.kernels.Embedding;
import llmforge.tensor.Tensor;

/**
 * Row gather and scatter-add on (N, C) matrices, the dispatch and combine steps of mixture-of-experts layers.
 * Both reuse the embedding kernels (a gather is an embedding lookup into x; its backward a scatter-add walking
 * the indices in order, so repeated rows add in a fixed order for any thread count).
 */
public final class IndexRows {
    private IndexRows() {}

    /** out[j] = x[idx[j]]: x (N, C) -> (idx.length, C). */
    public static Tensor gather(Tensor x0, int[] idx) {
        Tensor x = Shaping.contiguous(x0);
        if (x.rank() != 2) throw new IllegalArgumentException("gather needs a (N, C) matrix, got " + x);
        int n = x.dim(0), c = x.dim(1);
        Tensor out = Tensor.empty(idx.length, c);
        Embedding.forward(x.segment(), x.offset(), n, c, idx, out.segment(), out.offset());
        Tape.record(out, () -> {
            Tensor g = out.grad(), gx = Grads.of(x);
            Embedding.backward(g.segment(), g.offset(), idx, c, gx.segment(), gx.offset());
        }, x);
        return out;
    }

    /** out[idx[j]] += src[j] into a zero (rows, C) matrix, in index order. */
    public static Tensor scatterAdd(Tensor src0, int[] idx, int rows) {
        Tensor src = Shaping.contiguous(src0);
        if (src.rank() != 2 || src.dim(0) != idx.length) {
            throw new IllegalArgumentException("scatterAdd needs (" + idx.length + ", C) rows, got " + src);
        }
        int c = src.dim(1);
        for (int i : idx) if (i < 0 || i >= rows) throw new IllegalArgumentException("row index " + i + " outside 0.." + (rows - 1));
        Tensor out = Tensor.zeros(rows, c);
        Embedding.backward(src.segment(), src.offset(), idx, c, out.segment(), out.offset());
        Tape.record(out, () -> {
            Tensor g = out.grad(), picked = Tensor.empty(idx.length, c);
            Embedding.forward(g.segment(), g.offset(), rows, c, idx, picked.segment(), picked.offset());
            Grads.accumulate(src, picked);
        }, src);
        return out;
    }
}
