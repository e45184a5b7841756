package llmforge.autograd;

import llmforge.kernels.CrossEntropy;
import llmforge.tensor.Tensor;

/**
 * Cross-entropy from logits (..., V) and int targets (one per row, row-major over the leading dims):
 * {@code loss = sum_i w_i * -log softmax(logits_i)[t_i] / divisor} over the rows whose target is not
 * {@code ignoreIndex}. Weights (N) are optional per-token floats (null = 1) and take no gradient.
 *
 * <p>The divisor is the caller's: {@link #mean} divides by the counted weight of this batch, {@link #sum} by 1
 * and reports the count, and for gradient accumulation the trainer passes the counted weight of ALL
 * micro-batches of the step (see {@link #countedWeight}) so every token weighs the same however it was split.
 */
public final class CrossEntropyLoss {
    private CrossEntropyLoss() {}

    /** A summed loss (divisor 1) with what it summed over: the counted rows and their total weight. */
    public record Summed(Tensor loss, long counted, double weight) {}

    /** Mean over the rows that count (weighted mean when weights are given); 0 when no row counts. */
    public static Tensor mean(Tensor logits, int[] targets, Tensor weights, int ignoreIndex) {
        double w = countedWeight(targets, weights, ignoreIndex);
        return crossEntropy(logits, targets, weights, ignoreIndex, w == 0 ? 1 : w);
    }

    public static Tensor mean(Tensor logits, int[] targets, int ignoreIndex) {
        return mean(logits, targets, null, ignoreIndex);
    }

    /** The sum over counted rows, with the count and weight total so the caller can normalise later. */
    public static Summed sum(Tensor logits, int[] targets, Tensor weights, int ignoreIndex) {
        long counted = 0;
        for (int t : targets) if (t != ignoreIndex) counted++;
        return new Summed(crossEntropy(logits, targets, weights, ignoreIndex, 1),
                counted, countedWeight(targets, weights, ignoreIndex));
    }

    /** Total weight (count when weights is null) of the rows whose target is not the ignore index. */
    public static double countedWeight(int[] targets, Tensor weights, int ignoreIndex) {
        float[] w = weights == null ? null : weights.toFloatArray();
        double s = 0;
        for (int i = 0; i < targets.length; i++) if (targets[i] != ignoreIndex) s += w == null ? 1 : w[i];
        return s;
    }

    /** The general form: a scalar {@code sum_i w_i * -log p(t_i) / divisor}. logits (N.., V), targets (N). */
    public static Tensor crossEntropy(Tensor logits, int[] targets, Tensor weights, int ignoreIndex, double divisor) {
        if (!(divisor > 0) || Double.isInfinite(divisor)) {
            throw new IllegalArgumentException("cross-entropy divisor must be a positive number, got " + divisor);
        }
        Tensor x = Contiguous.of(logits);
        int n = Contiguous.rows(x), v = x.dim(-1);
        if (weights != null && weights.size() != n) {
            throw new IllegalArgumentException("cross-entropy weights " + weights + " need one value per row (" + n + ")");
        }
        float[] w = weights == null ? null : weights.toFloatArray();
        float[] lse = new float[n], target = new float[n];
        CrossEntropy.forward(x.segment(), x.offset(), n, v, targets, ignoreIndex, lse, target);
        double s = 0;
        for (int i = 0; i < n; i++) {
            if (targets[i] != ignoreIndex) s += (w == null ? 1 : w[i]) * ((double) lse[i] - target[i]);
        }
        Tensor out = Tensor.scalar((float) (s / divisor));
        Tape.record(out, () -> {
            if (!Tape.wants(logits)) return;
            float g = (float) (out.grad().item() / divisor);
            float[] coef = new float[n];
            for (int i = 0; i < n; i++) coef[i] = g * (w == null ? 1f : w[i]);
            Tensor d = Grads.of(logits);
            CrossEntropy.backward(x.segment(), x.offset(), n, v, targets, ignoreIndex, lse, coef, d.segment(), d.offset());
        }, logits);
        return out;
    }
}
