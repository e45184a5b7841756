package llmforge.autograd;

import llmforge.kernels.Pointwise;
import llmforge.tensor.Tensor;

/** The autograd wrapper every pointwise function shares: y = f(x), dx += dy * f'(x). */
final class PointwiseOp {
    private PointwiseOp() {}

    static Tensor apply(Pointwise.Fn f, Tensor x) {
        Tensor xc = Contiguous.of(x);
        Tensor y = Tensor.empty(xc.shape());
        Pointwise.forward(f, xc.segment(), xc.offset(), y.segment(), y.offset(), y.size());
        Tape.record(y, () -> {
            Tensor dy = y.grad(), dx = Grads.of(x);
            Pointwise.backward(f, xc.segment(), xc.offset(), y.segment(), y.offset(), dy.segment(), dy.offset(),
                    dx.segment(), dx.offset(), y.size());
        }, x);
        return y;
    }

    static void requireSameShape(String op, Tensor a, Tensor b) {
        if (!a.sameShape(b)) throw new IllegalArgumentException(op + " needs same-shape tensors, got " + a + " and " + b);
    }
}
