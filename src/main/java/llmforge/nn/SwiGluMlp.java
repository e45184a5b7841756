package llmforge.nn;

import llmforge.autograd.Ops;
import llmforge.tensor.Tensor;

/** LLaMA's MLP: down_proj(silu(gate_proj(x)) * up_proj(x)). */
public final class SwiGluMlp extends Module implements FeedForward {
    private final Linear gate;
    private final Linear up;
    private final Linear down;

    public SwiGluMlp(String name, int dim, int hidden) {
        this(name + ".gate_proj", name + ".up_proj", name + ".down_proj", dim, hidden);
    }

    /** With explicit projection names (Mixtral's experts call them w1, w3, w2). */
    public SwiGluMlp(String gateName, String upName, String downName, int dim, int hidden) {
        gate = child(new Linear(gateName, dim, hidden, false));
        up = child(new Linear(upName, dim, hidden, false));
        down = child(new Linear(downName, hidden, dim, false));
    }

    @Override public Tensor forward(Tensor x) { return down.forward(Ops.swiglu(gate.forward(x), up.forward(x))); }

    public Linear down() { return down; }
}
