package llmforge.autograd;

import llmforge.kernels.Softmax;
import llmforge.tensor.Tensor;

/** Softmax and log-softmax over the last dim. */
public final class SoftmaxFunctions {
    private SoftmaxFunctions() {}

    /** x (..., C) -> (..., C), rows summing to 1. */
    public static Tensor softmax(Tensor x) { return apply(false, x); }

    /** x (..., C) -> x - logsumexp(x) per row. */
    public static Tensor logSoftmax(Tensor x) { return apply(true, x); }

    private static Tensor apply(boolean log, Tensor x) {
        Tensor xc = Contiguous.of(x);
        int n = Contiguous.rows(xc), c = xc.dim(-1);
        Tensor y = Tensor.empty(xc.shape());
        Softmax.forward(log, xc.segment(), xc.offset(), y.segment(), y.offset(), n, c);
        Tape.record(y, () -> {
            Tensor dy = y.grad(), dx = Grads.of(x);
            Softmax.backward(log, y.segment(), y.offset(), dy.segment(), dy.offset(), dx.segment(), dx.offset(), n, c);
        }, x);
        return y;
    }
}
