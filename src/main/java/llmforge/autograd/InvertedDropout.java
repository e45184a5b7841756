package llmforge.autograd;

import llmforge.kernels.Dropout;
import llmforge.tensor.Tensor;

/**
 * Dropout that zeroes each element with probability p and scales survivors by 1/(1-p). The mask is a hash of
 * (seed, element index): the same for any thread count, and rebuilt in the backward rather than stored. The
 * caller picks a fresh seed per call site and step (e.g. from the step number and layer index).
 */
public final class InvertedDropout {
    private InvertedDropout() {}

    /** Identity (the same tensor) when p == 0 or not training. */
    public static Tensor apply(Tensor x, float p, long seed, boolean training) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        if (p == 0 || !training) return x;
        Tensor xc = Contiguous.of(x);
        Tensor y = Tensor.empty(xc.shape());
        Dropout.forward(xc.segment(), xc.offset(), y.segment(), y.offset(), y.size(), p, seed);
        Tape.record(y, () -> {
            Tensor dy = y.grad(), dx = Grads.of(x);
            Dropout.backward(dy.segment(), dy.offset(), dx.segment(), dx.offset(), y.size(), p, seed);
        }, x);
        return y;
    }
}
