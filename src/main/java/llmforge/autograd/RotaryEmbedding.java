package llmforge.autograd;

import llmforge.kernels.Rope;
import llmforge.kernels.RopeTable;
import llmforge.tensor.Tensor;

/** Rotary position embedding (HF LLaMA rotate_half convention) on queries or keys; see {@link Rope}. */
public final class RotaryEmbedding {
    private RotaryEmbedding() {}

    /**
     * x (B, T, H, D), or (B, H, T, D) when {@code headsFirst}; positions (B*T, row-major over (B, T)).
     * D must equal the table's head dim.
     */
    public static Tensor apply(Tensor x, int[] positions, RopeTable table, boolean headsFirst) {
        if (x.rank() != 4 || x.dim(3) != table.headDim()) {
            throw new IllegalArgumentException("rope needs a rank-4 tensor with head dim " + table.headDim() + ", got " + x);
        }
        Tensor xc = Contiguous.of(x);
        int b = xc.dim(0), t = headsFirst ? xc.dim(2) : xc.dim(1), h = headsFirst ? xc.dim(1) : xc.dim(2);
        Tensor y = Tensor.empty(xc.shape());
        Rope.rotate(xc.segment(), xc.offset(), y.segment(), y.offset(), b, t, h, headsFirst, positions, table, false);
        Tape.record(y, () -> {
            Tensor dy = y.grad(), dx = Grads.of(x);
            Rope.rotate(dy.segment(), dy.offset(), dx.segment(), dx.offset(), b, t, h, headsFirst, positions, table, true);
        }, x);
        return y;
    }
}
