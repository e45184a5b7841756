package llmforge.autograd;

import llmforge.tensor.Tensor;

/**
 * A trainable tensor with a HuggingFace-style name (so export is a straight write) and a persistent gradient
 * buffer that accumulates across micro-batches until {@link #zeroGrad()}. The buffer is made on first use (the
 * first backward pass that reaches the parameter, or the first {@link #grad()} call), so a model that only ever
 * runs forward — a reference model, a reward model, a frozen LoRA base — never holds one; freezing a parameter
 * drops its buffer.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private boolean trainable = true;

    public Parameter(String name, int... shape) {
        this.name = name;
        this.value = Tensor.persistent(shape).name(name).requiresGrad(true);
    }

    public String name() { return name; }

    public Tensor value() { return value; }

    /**
     * The accumulated gradient, made zero-filled on first use; null for a frozen parameter, which has none.
     */
    public Tensor grad() { return trainable ? Grads.of(value) : null; }

    /** Whether a gradient buffer is allocated (memory accounting). */
    public boolean hasGrad() { return value.grad() != null; }

    public int[] shape() { return value.shape(); }

    public long size() { return value.size(); }

    public void zeroGrad() {
        if (value.grad() != null) value.grad().fill(0f);
    }

    public boolean trainable() { return trainable; }

    /** Frozen parameters (a LoRA base, a reference model) take part in no backward pass and hold no gradient. */
    public Parameter trainable(boolean t) {
        trainable = t;
        value.requiresGrad(t);
        if (!t) value.setGrad(null);
        return this;
    }

    @Override public String toString() { return name + java.util.Arrays.toString(shape()); }
}
