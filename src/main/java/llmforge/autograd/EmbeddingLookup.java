package llmforge.autograd;

import llmforge.kernels.Embedding;
import llmforge.tensor.Tensor;

/** Token embedding lookup: table (V, C) and int ids of any shape S -> (S..., C). */
public final class EmbeddingLookup {
    private EmbeddingLookup() {}

    /** @param idShape the shape of {@code ids} (row-major); the output is idShape + [C] */
    public static Tensor lookup(Tensor table, int[] ids, int... idShape) {
        if (table.rank() != 2) throw new IllegalArgumentException("embedding table must be (V, C), got " + table);
        long count = 1;
        for (int s : idShape) count *= s;
        if (count != ids.length) {
            throw new IllegalArgumentException(ids.length + " ids do not fill shape " + java.util.Arrays.toString(idShape));
        }
        Tensor w = Contiguous.of(table);
        int v = w.dim(0), c = w.dim(1);
        int[] shape = java.util.Arrays.copyOf(idShape, idShape.length + 1);
        shape[idShape.length] = c;
        Tensor out = Tensor.empty(shape);
        Embedding.forward(w.segment(), w.offset(), v, c, ids, out.segment(), out.offset());
        Tape.record(out, () -> {
            Tensor dy = out.grad(), dw = Grads.of(table);
            Embedding.backward(dy.segment(), dy.offset(), ids, c, dw.segment(), dw.offset());
        }, table);
        return out;
    }
}
