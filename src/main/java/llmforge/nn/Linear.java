package llmforge.nn;

import llmforge.autograd.Bf16Linear;
import llmforge.autograd.Ops;
import llmforge.autograd.Parameter;
import llmforge.tensor.Bf16Weights;
import llmforge.tensor.Tensor;

/**
 * y = x·Wᵀ + b with W stored (out, in) as in PyTorch's nn.Linear, plus a low-rank update when a
 * {@link LoraAdapter} is attached (the adapter's parameters stay outside {@link #parameters()}, so model
 * export and loading see only the base weights). A frozen layer may keep its weight in bf16 only
 * ({@link #freezeAsBf16}): half the memory, products still accumulated in float32.
 */
public final class Linear extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private LoraAdapter adapter;
    private Bf16Weights bf16;   // non-null: the weight's only copy, transposed (in, out); its float32 buffer was freed

    public Linear(String name, int in, int out, boolean bias) {
        this.weight = parameter(name + ".weight", out, in);
        this.bias = bias ? parameter(name + ".bias", out) : null;
    }

    // x: (..., in) -> (..., out)
    public Tensor forward(Tensor x) {
        Tensor b = bias == null ? null : bias.value();
        Tensor y = bf16 != null ? Bf16Linear.apply(x, bf16, b) : Ops.linear(x, weight.value(), b);
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

    /**
     * Freezes the layer and keeps its weight as bf16 (round to nearest even) from now on, freeing the float32 values
     * and gradient buffer: for models that are only run (a reference or reward model, a LoRA base). Reading the
     * float32 weight afterwards (saving, merging) fails with a message saying why.
     */
    public void freezeAsBf16() {
        if (bf16 != null) return;
        weight.trainable(false);
        if (bias != null) bias.trainable(false);
        bf16 = Bf16Weights.of(weight.value().transposeLast2());
        String why = weight.name() + " is stored as bf16 since its model was frozen; its float32 copy was freed";
        weight.value().storage().discard(why);
        if (weight.grad() != null) weight.grad().storage().discard(why);
    }

    public boolean isBf16() { return bf16 != null; }

    public Parameter weight() { return weight; }

    public Parameter bias() { return bias; }
}
