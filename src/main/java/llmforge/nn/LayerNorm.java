package llmforge.nn;

import llmforge.autograd.Ops;
import llmforge.autograd.Parameter;
import llmforge.tensor.Tensor;

/** LayerNorm over the last dim, with weight (init 1) and bias (init 0). */
public final class LayerNorm extends Module implements Norm {
    private final Parameter weight;
    private final Parameter bias;
    private final float eps;

    public LayerNorm(String name, int dim, float eps) {
        this.weight = parameter(name + ".weight", dim);
        this.bias = parameter(name + ".bias", dim);
        this.eps = eps;
        Init.constant(weight, 1f);
    }

    @Override public Tensor forward(Tensor x) { return Ops.layerNorm(x, weight.value(), bias.value(), eps); }
}
