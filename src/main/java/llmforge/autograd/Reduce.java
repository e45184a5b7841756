package llmforge.autograd;

import llmforge.kernels.Reductions;
import llmforge.tensor.Tensor;

import java.util.Arrays;

/** Sum and mean over all elements or along the last dim (keeping it as size 1 or dropping it). Fixed order. */
public final class Reduce {
    private Reduce() {}

    /** All elements -> scalar (shape []). */
    public static Tensor sum(Tensor x) { return all(x, 1f); }

    public static Tensor mean(Tensor x) { return all(x, 1f / Math.max(x.size(), 1)); }

    /** x (..., C) -> (..., 1) if keepDim else (...). */
    public static Tensor sumLast(Tensor x, boolean keepDim) { return last(x, keepDim, false); }

    public static Tensor meanLast(Tensor x, boolean keepDim) { return last(x, keepDim, true); }

    private static Tensor all(Tensor x, float alpha) {
        Tensor xc = Contiguous.of(x);
        Tensor out = Tensor.scalar((float) (Reductions.sumAll(xc.segment(), xc.offset(), xc.size()) * alpha));
        Tape.record(out, () -> {
            Tensor dx = Grads.of(x);
            Reductions.addScalar(dx.segment(), dx.offset(), dx.size(), alpha * out.grad().item());
        }, x);
        return out;
    }

    private static Tensor last(Tensor x, boolean keepDim, boolean mean) {
        Tensor xc = Contiguous.of(x);
        int n = Contiguous.rows(xc), c = xc.dim(-1);
        float alpha = mean ? 1f / c : 1f;
        int[] shape = keepDim ? xc.shape() : Arrays.copyOf(xc.shape(), xc.rank() - 1);
        if (keepDim) shape[shape.length - 1] = 1;
        Tensor out = Tensor.empty(shape);
        Reductions.sumRows(xc.segment(), xc.offset(), n, c, alpha, out.segment(), out.offset());
        Tape.record(out, () -> {
            Tensor dy = out.grad(), dx = Grads.of(x);
            Reductions.broadcastRowsAdd(dy.segment(), dy.offset(), alpha, dx.segment(), dx.offset(), n, c);
        }, x);
        return out;
    }
}
