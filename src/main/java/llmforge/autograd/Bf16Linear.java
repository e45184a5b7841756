package llmforge.autograd;

import llmforge.kernels.ColumnSums;
import llmforge.kernels.Elementwise;
import llmforge.kernels.Gemm;
import llmforge.tensor.Bf16Weights;
import llmforge.tensor.Tensor;

/**
 * y = x · Wᵀ + bias with a frozen bf16 weight W (out, in), stored transposed as Wᵀ (in, out): the linear layer of a
 * reference / reward model (or a LoRA base). Stored that way the forward GEMM reads its B operand row by row, where
 * the widening pack is vectorised (a transposed bf16 B is widened element by element). W gets no gradient; x and
 * bias do (dx = dy · W).
 */
public final class Bf16Linear {
    private Bf16Linear() {}

    /** @param wT the weight transposed, (in, out) */
    public static Tensor apply(Tensor x, Bf16Weights wT, Tensor bias) {
        if (x.rank() < 1 || wT.shape().length != 2 || x.dim(-1) != wT.dim(0)) {
            throw new IllegalArgumentException("bf16 linear: x " + x + " needs last dim = in of the transposed weight (in, out) " + wT);
        }
        int in = wT.dim(0), outF = wT.dim(1);
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != outF)) {
            throw new IllegalArgumentException("bf16 linear: bias " + bias + " must have shape [" + outF + "] for weight " + wT);
        }
        if (in == 0) throw new IllegalArgumentException("bf16 linear: weight " + wT + " has no inputs");
        Tensor xc = x.isContiguous() ? x : x.contiguousCopy();
        Tensor bc = bias == null || bias.isContiguous() ? bias : bias.contiguousCopy();
        int rows = Math.toIntExact(x.size() / in);
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = outF;
        Tensor y = Tensor.empty(outShape);
        Gemm.sgemmBf16B(false, false, rows, outF, in, xc.segment(), xc.offset(), in, wT.segment(), 0, outF,
                y.segment(), y.offset(), outF, false);
        if (bc != null) {
            long yo = y.offset(), bo = bc.offset();
            Elementwise.binary(Elementwise.Op.ADD, y.segment(), r -> yo + r * outF, 1, bc.segment(), r -> bo, 1,
                    y.segment(), yo, rows, outF);
        }
        Tape.record(y, () -> {
            Tensor dy = y.grad();
            if (Tape.wants(x)) {
                Tensor gx = Grads.of(x);
                Gemm.sgemmBf16B(false, true, rows, in, outF, dy.segment(), dy.offset(), outF, wT.segment(), 0, outF,
                        gx.segment(), gx.offset(), in, true);
            }
            if (bias != null && Tape.wants(bias)) {
                Tensor gb = Grads.of(bias);
                ColumnSums.accumulate(dy.segment(), dy.offset(), rows, outF, outF, gb.segment(), gb.offset());
            }
        }, x, bias);
        return y;
    }
}
