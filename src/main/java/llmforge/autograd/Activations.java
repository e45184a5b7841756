package llmforge.autograd;

import llmforge.kernels.Pointwise;
import llmforge.kernels.Pointwise.Fn;
import llmforge.tensor.Tensor;

/** Activation functions: GELU (tanh approximation and exact erf form), SiLU, SwiGLU. */
public final class Activations {
    private Activations() {}

    /** GELU, tanh approximation (GPT-2's "gelu_new", PyTorch approximate='tanh'). */
    public static Tensor gelu(Tensor x) { return PointwiseOp.apply(Fn.GELU_TANH, x); }

    /** Exact GELU x * Phi(x) with Phi through erf (PyTorch's default, BERT). */
    public static Tensor geluExact(Tensor x) { return PointwiseOp.apply(Fn.GELU_ERF, x); }

    /** SiLU / swish: x * sigmoid(x). */
    public static Tensor silu(Tensor x) { return PointwiseOp.apply(Fn.SILU, x); }

    /**
     * SwiGLU as in LLaMA's MLP, from the two projections kept separate: {@code silu(gate) * up} (same shapes).
     * Separate tensors (rather than one (..., 2H) tensor split in halves) match the HF weight layout
     * gate_proj / up_proj, so no copy or split is needed.
     */
    public static Tensor swiglu(Tensor gate, Tensor up) {
        PointwiseOp.requireSameShape("swiglu", gate, up);
        Tensor g = Contiguous.of(gate), u = Contiguous.of(up);
        Tensor y = Tensor.empty(g.shape());
        Pointwise.swiglu(g.segment(), g.offset(), u.segment(), u.offset(), y.segment(), y.offset(), y.size());
        Tape.record(y, () -> {
            Tensor dy = y.grad();
            Tensor dg = Tape.wants(gate) ? Grads.of(gate) : null, du = Tape.wants(up) ? Grads.of(up) : null;
            Pointwise.swigluBackward(g.segment(), g.offset(), u.segment(), u.offset(), dy.segment(), dy.offset(),
                    Contiguous.seg(dg), Contiguous.off(dg), Contiguous.seg(du), Contiguous.off(du), y.size());
        }, gate, up);
        return y;
    }
}
