package llmforge.nn;

import llmforge.tensor.Tensor;

/** The position-wise MLP of a transformer block. */
public interface FeedForward {
    // x: (B, T, C) -> (B, T, C)
    Tensor forward(Tensor x);
}
