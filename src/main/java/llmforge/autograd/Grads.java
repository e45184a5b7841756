package llmforge.autograd;

import llmforge.kernels.Elementwise;
import llmforge.tensor.Tensor;

/** Gradient buffers: made on first use (zeroed, in the step's memory scope) and accumulated into. */
public final class Grads {
    private Grads() {}

    /**
     * The gradient buffer of {@code t}, created zero-filled if absent. Backward kernels add into it. A tensor that
     * outlives the step (a leaf made outside any scope) gets a gradient that outlives it too, so it can be read,
     * and accumulated into, after the tape closes.
     */
    public static Tensor of(Tensor t) {
        Tensor g = t.grad();
        if (g == null) {
            g = t.storage().scoped() ? Tensor.zeros(t.shape()) : Tensor.persistent(t.shape());
            t.setGrad(g);
        }
        return g;
    }

    /** {@code t.grad += delta}. */
    public static void accumulate(Tensor t, Tensor delta) {
        Tensor g = of(t);
        Tensor d = delta.isContiguous() ? delta : delta.contiguousCopy();
        Elementwise.addInPlace(g.segment(), g.offset(), d.segment(), d.offset(), g.size());
    }
}
