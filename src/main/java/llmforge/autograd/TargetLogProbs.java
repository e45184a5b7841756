package llmforge.autograd;

import llmforge.kernels.CrossEntropy;
import llmforge.tensor.Tensor;

/**
 * log p(target) per row from logits (..., V) and int targets: the per-token log-probabilities DPO and PPO sum
 * over an answer. Rows whose target is {@code ignoreIndex} give 0 and no gradient.
 */
public final class TargetLogProbs {
    private TargetLogProbs() {}

    /** logits (N.., V), targets (N) -> (N..) with the leading dims of logits. */
    public static Tensor gather(Tensor logits, int[] targets, int ignoreIndex) {
        Tensor x = Contiguous.of(logits);
        int n = Contiguous.rows(x), v = x.dim(-1);
        float[] lse = new float[n], target = new float[n];
        CrossEntropy.forward(x.segment(), x.offset(), n, v, targets, ignoreIndex, lse, target);
        float[] lp = new float[n];
        for (int i = 0; i < n; i++) lp[i] = targets[i] == ignoreIndex ? 0f : target[i] - lse[i];
        int[] shape = java.util.Arrays.copyOf(x.shape(), x.rank() - 1);
        Tensor out = Tensor.of(lp, shape);
        Tape.record(out, () -> {
            if (!Tape.wants(logits)) return;
            float[] g = out.grad().toFloatArray();
            for (int i = 0; i < n; i++) g[i] = -g[i];
            Tensor d = Grads.of(logits);
            CrossEntropy.backward(x.segment(), x.offset(), n, v, targets, ignoreIndex, lse, g, d.segment(), d.offset());
        }, logits);
        return out;
    }
}
