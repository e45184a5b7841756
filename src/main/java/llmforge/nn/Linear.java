package llmforge.nn;

import llmforge.autograd.Ops;
import llmforge.autograd.Parameter;
import llmforge.tensor.Tensor;

/**
 * y = x·Wᵀ + b with W stored (out, in) as in PyTorch's nn.Linear, plus a low-rank update when a
 * {@link LoraAdapter} is attached (the adapter's parameters stay outside {@link #parameters()}, so model
 * export and loading see only the base weights).
 */
public final class Linear extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private LoraAdapter adapter;

    public Linear(String name, int in, int out, boolean bias) {
        this.weight = parameter(name + ".weight", out, in);
        this.bias = bias ? parameter(name + ".bias", out) : null;
    }

    // x: (..., in) -> (..., out)
    public Tensor forward(Tensor x) {
        Tensor y = Ops.linear(x, weight.value(), bias == null ? null : bias.value());
        return adapter == null || !adapter.enabled() ? y : adapter.addTo(y, x);
    }

    /** The module's HF name: the weight's name without {@code .weight}. */
    public String moduleName() { return weight.name().substring(0, weight.name().length() - ".weight".length()); }

    public int in() { return weight.shape()[1]; }

    public int out() { return weight.shape()[0]; }

    public LoraAdapter adapter() { return adapter; }

    /** Attaches (or with null removes) a LoRA adapter. */
    public void adapter(LoraAdapter a) {
        if (a != null && (a.in() != in() || a.out() != out())) {
            throw new IllegalArgumentException("adapter " + a.in() + "->" + a.out() + " does not fit " + moduleName());
        }
        adapter = a;
    }

    public Parameter weight() { return weight; }

    public Parameter bias() { return bias; }
}
