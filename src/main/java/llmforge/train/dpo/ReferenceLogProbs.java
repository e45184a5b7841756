package llmforge.train.dpo;

import llmforge.autograd.Grad;
import llmforge.autograd.Ops;
import llmforge.autograd.Tape;
import llmforge.io.ProgressBar;
import llmforge.model.Decoder;
import llmforge.nn.Lora;
import llmforge.tensor.Tensor;

import java.util.List;

/**
 * The reference model's answer log-probs: either computed once for every pair before training (the reference
 * model can then be dropped, one model in memory) or computed on the fly from a frozen reference model each batch.
 * Both use the same batching as the policy, so both give the same numbers.
 */
public abstract sealed class ReferenceLogProbs {
    /** {chosen (n), rejected (n)} log π_ref of the batch's pairs. */
    public abstract float[][] of(PreferenceBatch b);

    public static ReferenceLogProbs precomputed(Decoder reference, List<PreferencePair> pairs, int batchSize, int padId) {
        int n = pairs.stream().mapToInt(PreferencePair::index).max().orElse(-1) + 1;
        float[] chosen = new float[n], rejected = new float[n];
        OnTheFly live = new OnTheFly(reference, padId);
        try (ProgressBar bar = new ProgressBar("reference log-probs", pairs.size(), "pairs")) {
            for (int i = 0; i < pairs.size(); i += batchSize) {
                List<PreferencePair> chunk = pairs.subList(i, Math.min(pairs.size(), i + batchSize));
                float[][] lp = live.of(new PreferenceBatch(chunk));
                for (int k = 0; k < chunk.size(); k++) {
                    chosen[chunk.get(k).index()] = lp[0][k];
                    rejected[chunk.get(k).index()] = lp[1][k];
                }
                bar.update(i + chunk.size());
            }
        }
        return new Precomputed(chosen, rejected);
    }

    public static ReferenceLogProbs onTheFly(Decoder reference, int padId) { return new OnTheFly(reference, padId); }

    /** On the fly from a LoRA policy's frozen base: the policy itself with its adapters bypassed, no second model. */
    public static ReferenceLogProbs frozenBase(Decoder policy, Lora lora, int padId) { return new FrozenBase(new OnTheFly(policy, padId), lora); }

    static final class Precomputed extends ReferenceLogProbs {
        private final float[] chosen, rejected;

        Precomputed(float[] chosen, float[] rejected) {
            this.chosen = chosen;
            this.rejected = rejected;
        }

        @Override public float[][] of(PreferenceBatch b) {
            int n = b.pairs().size();
            float[][] out = new float[2][n];
            for (int i = 0; i < n; i++) {
                out[0][i] = chosen[b.pairs().get(i).index()];
                out[1][i] = rejected[b.pairs().get(i).index()];
            }
            return out;
        }
    }

    static final class FrozenBase extends ReferenceLogProbs {
        private final OnTheFly live;
        private final Lora lora;

        FrozenBase(OnTheFly live, Lora lora) {
            this.live = live;
            this.lora = lora;
        }

        @Override public float[][] of(PreferenceBatch b) {
            try (Lora.Bypass base = lora.bypass()) {
                return live.of(b);
            }
        }
    }

    static final class OnTheFly extends ReferenceLogProbs {
        private final Decoder reference;
        private final int padId;

        OnTheFly(Decoder reference, int padId) {
            this.reference = reference;
            this.padId = padId;
        }

        @Override public float[][] of(PreferenceBatch b) {
            int n = b.pairs().size();
            reference.train(false);
            float[] all;
            try (Grad.Scope g = Grad.off(); Tape tape = Tape.open()) {
                all = SequenceLogProbs.of(reference, b.rows(padId), b.answerStarts()).toFloatArray();
            }
            return new float[][] {java.util.Arrays.copyOfRange(all, 0, n), java.util.Arrays.copyOfRange(all, n, 2 * n)};
        }
    }
}
