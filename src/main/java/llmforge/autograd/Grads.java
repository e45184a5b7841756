package llmforge.autograd;

import llmforge.kernels.Elementwise;
import llmforge.tensor.Tensor;

import java.lang.foreign.MemorySegment;

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

    /**
     * Gives {@code t} a gradient buffer and says whether a kernel must add into it (true) or may overwrite it
     * (false: a fresh gradient in the step's scope, left unfilled — zero-filling a buffer only to add the first
     * term into it cost ~4 % of a training step). A kernel told false must write every element.
     */
    public static boolean ensure(Tensor t) {
        if (t.grad() != null) return true;
        if (!t.storage().scoped()) {
            of(t);
            return true;
        }
        t.setGrad(Tensor.empty(t.shape()));
        return false;
    }

    /** {@code t.grad += delta}. */
    public static void accumulate(Tensor t, Tensor delta) {
        boolean add = ensure(t);
        Tensor g = t.grad();
        Tensor d = delta.isContiguous() ? delta : delta.contiguousCopy();
        if (add) Elementwise.addInPlace(g.segment(), g.offset(), d.segment(), d.offset(), g.size());
        else MemorySegment.copy(d.segment(), d.offset() * Float.BYTES, g.segment(), g.offset() * Float.BYTES, g.size() * Float.BYTES);
    }
}
