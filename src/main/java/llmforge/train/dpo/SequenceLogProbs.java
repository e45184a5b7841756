package llmforge.train.dpo;

import llmforge.autograd.Ops;
import llmforge.model.Decoder;
import llmforge.tensor.Tensor;
import llmforge.train.PaddedBatch;

/**
 * log π(answer | prompt) per row: the log-probabilities of the answer tokens (from {@code answerStart[r]} to the
 * row's end, closing end-of-turn included) summed; prompt and padding positions carry no target.
 */
public final class SequenceLogProbs {
    public static final int IGNORE = -100;

    private SequenceLogProbs() {}

    /** Next-token targets (B*T): position t predicts token t+1 when that token belongs to the answer, else IGNORE. */
    public static int[] answerTargets(PaddedBatch b, int[] answerStart) {
        int t = b.seq();
        int[] targets = new int[b.rows() * t];
        java.util.Arrays.fill(targets, IGNORE);
        for (int r = 0; r < b.rows(); r++) {
            if (answerStart[r] < 1 || answerStart[r] > b.lengths()[r]) {
                throw new IllegalArgumentException("row " + r + ": the answer must start after the prompt and within the row");
            }
            for (int p = answerStart[r]; p < b.lengths()[r]; p++) targets[r * t + p - 1] = b.ids()[r * t + p];
        }
        return targets;
    }

    // rows (B*T ids) -> (B) summed answer log-probs, on the current tape
    public static Tensor of(Decoder model, PaddedBatch b, int[] answerStart) {
        Tensor logits = model.logits(b.ids(), b.layout());
        Tensor lp = Ops.targetLogProbs(Ops.reshape(logits, -1, model.config().vocabSize()), answerTargets(b, answerStart), IGNORE);
        return Ops.sumLast(Ops.reshape(lp, b.rows(), b.seq()), false);
    }
}
