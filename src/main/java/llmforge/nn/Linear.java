package llmforge.nn;

import llmforge.autograd.Ops;
import llmforge.autograd.Parameter;
import llmforge.tensor.Tensor;

/** y = x·Wᵀ + b with W stored (out, in) as in PyTorch's nn.Linear. */
public final class Linear extends Module {
    private final Parameter weight;
    private final Parameter bias;

    public Linear(String name, int in, int out, boolean bias) {
        this.weight = parameter(name + ".weight", out, in);
        this.bias = bias ? parameter(name + ".bias", out) : null;
    }

    // x: (..., in) -> (..., out)
    public Tensor forward(Tensor x) { return Ops.linear(x, weight.value(), bias == null ? null : bias.value()); }

    public Parameter weight() { return weight; }

    public Parameter bias() { return bias; }
}
