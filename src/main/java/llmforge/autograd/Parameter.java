package llmforge.autograd;

import llmforge.tensor.Tensor;

/**
 * A trainable tensor with a HuggingFace-style name (so export is a straight write) and a persistent gradient
 * buffer that accumulates across micro-batches until {@link #zeroGrad()}.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private boolean trainable = true;

    public Parameter(String name, int... shape) {
        this.name = name;
        this.value = Tensor.persistent(shape).name(name).requiresGrad(true);
        value.setGrad(Tensor.persistent(shape));
    }

    public String name() { return name; }

    public Tensor value() { return value; }

    public Tensor grad() { return value.grad(); }

    public int[] shape() { return value.shape(); }

    public long size() { return value.size(); }

    public void zeroGrad() { value.grad().fill(0f); }

    public boolean trainable() { return trainable; }

    /** Frozen parameters (a LoRA base, a reference model) take part in no backward pass. */
    public Parameter trainable(boolean t) {
        trainable = t;
        value.requiresGrad(t);
        return this;
    }

    @Override public String toString() { return name + java.util.Arrays.toString(shape()); }
}
