package llmforge.kernels;

import java.lang.foreign.MemorySegment;

import static llmforge.kernels.Elementwise.F;

/**
 * Fused cross-entropy / target log-probability kernels over logits (N, V) with int targets (N).
 * The forward keeps only two floats per row (log-sum-exp and the target logit); the backward re-reads the
 * logits and adds {@code coef_i * (softmax_i - onehot(t_i))} straight into the logits' gradient, so no second
 * (N, V) tensor of probabilities is ever made. Rows run in parallel; each row is one task's private work, so
 * results are identical for any thread count. Twin: {@link CrossEntropyReference}.
 */
public final class CrossEntropy {
    private CrossEntropy() {}

    /**
     * Per row i (skipped, writing 0 and 0, when targets[i] == ignoreIndex):
     * lse[i] = log sum_j exp(logits[i, j]), target[i] = logits[i, targets[i]].
     * logits: (N, V) contiguous from lOff; lse, target: (N).
     */
    public static void forward(MemorySegment logits, long lOff, int n, int v, int[] targets, int ignoreIndex,
                               float[] lse, float[] target) {
        checkTargets(targets, n, v, ignoreIndex);
        Parallel.forRange(n, LogSoftmaxRows.rowGrain(v), (r0, r1) -> {
            for (int i = (int) r0; i < r1; i++) {
                if (targets[i] == ignoreIndex) {
                    lse[i] = 0f;
                    target[i] = 0f;
                    continue;
                }
                long off = lOff + (long) i * v;
                lse[i] = LogSoftmaxRows.logSumExp(logits, off, v);
                target[i] = logits.getAtIndex(F, off + targets[i]);
            }
        });
    }

    /**
     * dlogits[i, :] += coef[i] * (softmax(logits[i, :]) - onehot(targets[i])), for rows with coef[i] != 0 and a
     * target that counts. For the loss sum_i c_i * (lse_i - x_i,t) the caller passes coef = c; for log p(target)
     * it passes coef = -upstream gradient. lse from {@link #forward}.
     */
    public static void backward(MemorySegment logits, long lOff, int n, int v, int[] targets, int ignoreIndex,
                                float[] lse, float[] coef, MemorySegment dlogits, long dOff) {
        Parallel.forRange(n, LogSoftmaxRows.rowGrain(v), (r0, r1) -> {
            for (int i = (int) r0; i < r1; i++) {
                if (targets[i] == ignoreIndex || coef[i] == 0f) continue;
                long off = (long) i * v;
                LogSoftmaxRows.addScaledSoftmax(logits, lOff + off, v, lse[i], coef[i], dlogits, dOff + off);
                long t = dOff + off + targets[i];
                dlogits.setAtIndex(F, t, dlogits.getAtIndex(F, t) - coef[i]);
            }
        });
    }

    static void checkTargets(int[] targets, int n, int v, int ignoreIndex) {
        if (targets.length != n) throw new IllegalArgumentException(targets.length + " targets for " + n + " rows of logits");
        for (int i = 0; i < n; i++) {
            int t = targets[i];
            if (t != ignoreIndex && (t < 0 || t >= v)) {
                throw new IllegalArgumentException("target " + t + " at row " + i + " is outside the vocabulary [0, "
                        + v + ") and is not the ignore index " + ignoreIndex);
            }
        }
    }
}
