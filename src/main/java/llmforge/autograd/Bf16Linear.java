package llmforge.autograd;

import llmforge.kernels.ColumnSums;
import llmforge.kernels.Elementwise;
import llmforge.kernels.Gemm;
import llmforge.tensor.Bf16Weights;
import llmforge.tensor.Tensor;

/**
 * y = x · Wᵀ + bias with a frozen bf16 weight W (out, in): the linear layer of a reference / reward model (or a
 * LoRA base). W gets no gradient; x and bias do (dx = dy · W, widening W in the GEMM's packing as well).
 */
public final class Bf16Linear {
    private Bf16Linear() {}

    public static Tensor apply(Tensor x, Bf16Weights w, Tensor bias) {
        if (x.rank() < 1 || w.shape().length != 2 || x.dim(-1) != w.dim(1)) {
            throw new IllegalArgumentException("bf16 linear: x " + x + " needs last dim = in of weight (out, in) " + w);
        }
        int in = w.dim(1), outF = w.dim(0);
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != outF)) {
            throw new IllegalArgumentException("bf16 linear: bias " + bias + " must have shape [" + outF + "] for weight " + w);
        }
        if (in == 0) throw new IllegalArgumentException("bf16 linear: weight " + w + " has no inputs");
        Tensor xc = x.isContiguous() ? x : x.contiguousCopy();
        Tensor bc = bias == null || bias.isContiguous() ? bias : bias.contiguousCopy();
        int rows = Math.toIntExact(x.size() / in);
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = outF;
        Tensor y = Tensor.empty(outShape);
        Gemm.sgemmBf16B(false, true, rows, outF, in, xc.segment(), xc.offset(), in, w.segment(), 0, in,
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
                Gemm.sgemmBf16B(false, false, rows, in, outF, dy.segment(), dy.offset(), outF, w.segment(), 0, in,
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
