package llmforge.optim;

import llmforge.autograd.Parameter;

import java.util.List;

/**
 * Gradient accumulation normalised by loss-bearing tokens, so a step over several micro-batches gives exactly
 * the gradient of one batch holding all their tokens. The contract:
 * <ol>
 *   <li>each micro-batch's loss is the SUM of its per-token losses (not the mean), back-propagated as is, so
 *       parameter gradients accumulate the sum over every token of the step;</li>
 *   <li>{@link #add} records the micro-batch's loss-bearing token count (padding and masked prompt tokens
 *       excluded) and its summed loss;</li>
 *   <li>{@link #finish} divides every gradient by the step's total token count, turning the sum into the mean
 *       over all tokens, and returns the step's mean loss. Clip and step after it.</li>
 * </ol>
 * Averaging per-micro-batch means instead would weight a short micro-batch's tokens more than a long one's.
 */
public final class GradientAccumulator {
    private final List<Parameter> params;
    private long tokens;
    private double lossSum;

    public GradientAccumulator(List<Parameter> params) { this.params = List.copyOf(params); }

    /** The result of one step's accumulation. {@code meanLoss} is NaN when there were no tokens. */
    public record Step(long tokens, double meanLoss) {
        /** No loss-bearing tokens: gradients are all zero, skip the optimiser step. */
        public boolean empty() { return tokens == 0; }
    }

    /** Records one micro-batch after its backward pass. */
    public void add(long microBatchTokens, double microBatchLossSum) {
        if (microBatchTokens < 0) throw new IllegalArgumentException("token count must be >= 0, got " + microBatchTokens);
        tokens += microBatchTokens;
        lossSum += microBatchLossSum;
    }

    public long tokens() { return tokens; }

    /** Scales the accumulated gradients by 1 / total tokens and starts counting the next step from zero. */
    public Step finish() {
        Step s = new Step(tokens, tokens == 0 ? Double.NaN : lossSum / tokens);
        if (tokens > 0) Gradients.scale(params, 1.0 / tokens);
        tokens = 0;
        lossSum = 0;
        return s;
    }
}
