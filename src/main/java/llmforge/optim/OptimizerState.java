package llmforge.optim;

import llmforge.tensor.Tensor;

import java.util.Map;

/**
 * What an optimiser must save to resume exactly: the number of updates taken (for bias correction) and its
 * per-parameter tensors by name ({@code <param>.exp_avg}, {@code <param>.exp_avg_sq}), ready to be written as
 * safetensors. The tensors are the optimiser's live buffers: write them before the next step.
 */
public record OptimizerState(long step, Map<String, Tensor> tensors) {
    public OptimizerState {
        if (step < 0) throw new IllegalArgumentException("optimizer step must be >= 0, got " + step);
        tensors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tensors));
    }
}
