package llmforge.nn;

import llmforge.autograd.Ops;
import llmforge.autograd.Parameter;
import llmforge.tensor.Tensor;

/** A (count, dim) lookup table. */
public final class Embedding extends Module {
    private final Parameter weight;

    public Embedding(String name, int count, int dim) { this.weight = parameter(name + ".weight", count, dim); }

    // ids: B*T ints -> (B, T, dim)
    public Tensor forward(int[] ids, int batch, int seq) { return Ops.embedding(weight.value(), ids, batch, seq); }

    public Parameter weight() { return weight; }
}
