package llmforge.nn;

import llmforge.tensor.Tensor;

/** A normalisation over the last dim: LayerNorm (GPT-2) or RMSNorm (LLaMA). */
public interface Norm {
    Tensor forward(Tensor x);
}
