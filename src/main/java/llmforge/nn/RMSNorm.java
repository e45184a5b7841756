package llmforge.nn;

import llmforge.autograd.Ops;
import llmforge.autograd.Parameter;
import llmforge.tensor.Tensor;

/** LLaMA's RMSNorm over the last dim, weight only (init 1). */
public final class RMSNorm extends Module implements Norm {
    private final Parameter weight;
    private final float eps;

    public RMSNorm(String name, int dim, float eps) {
        this.weight = parameter(name + ".weight", dim);
        this.eps = eps;
        Init.constant(weight, 1f);
    }

    @Override public Tensor forward(Tensor x) { return Ops.rmsNorm(x, weight.value(), eps); }
}
