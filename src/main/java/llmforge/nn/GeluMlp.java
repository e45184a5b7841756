package llmforge.nn;

import llmforge.autograd.Ops;
import llmforge.tensor.Tensor;

/** GPT-2's MLP: c_proj(gelu_tanh(c_fc(x))). */
public final class GeluMlp extends Module implements FeedForward {
    private final Linear fc;
    private final Linear proj;

    public GeluMlp(String name, int dim, int hidden, boolean bias) {
        fc = child(new Linear(name + ".c_fc", dim, hidden, bias));
        proj = child(new Linear(name + ".c_proj", hidden, dim, bias));
    }

    @Override public Tensor forward(Tensor x) { return proj.forward(Ops.gelu(fc.forward(x), true)); }

    public Linear fc() { return fc; }

    public Linear proj() { return proj; }
}
