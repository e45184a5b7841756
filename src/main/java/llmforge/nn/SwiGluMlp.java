package llmforge.nn;

import llmforge.autograd.Ops;
import llmforge.tensor.Tensor;

/** LLaMA's MLP: down_proj(silu(gate_proj(x)) * up_proj(x)). */
public final class SwiGluMlp extends Module implements FeedForward {
    private final Linear gate;
    private final Linear up;
    private final Linear down;

    public SwiGluMlp(String name, int dim, int hidden) {
        gate = child(new Linear(name + ".gate_proj", dim, hidden, false));
        up = child(new Linear(name + ".up_proj", dim, hidden, false));
        down = child(new Linear(name + ".down_proj", hidden, dim, false));
    }

    @Override public Tensor forward(Tensor x) { return down.forward(Ops.swiglu(gate.forward(x), up.forward(x))); }

    public Linear down() { return down; }
}
