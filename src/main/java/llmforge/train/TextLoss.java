package llmforge.train;

import llmforge.autograd.Grad;
import llmforge.autograd.Tape;
import llmforge.model.Decoder;
import llmforge.nn.SequenceLayout;

import java.util.Arrays;

/**
 * The next-token loss of a model on one token sequence: consecutive windows of up to max_seq_len predictions
 * (each window's first token is context only), summed in a fixed order, so the number is deterministic.
 */
public final class TextLoss {
    private TextLoss() {}

    /** @param tokens predicted tokens; @param loss mean nats per predicted token */
    public record Result(long tokens, double loss) {
        public double perplexity() { return Math.exp(loss); }
    }

    public static Result of(Decoder model, int[] ids) { return of(model, ids, model.config().maxSeqLen()); }

    /** The loss over consecutive windows of {@code ctx} predictions (at most the model's max_seq_len). */
    public static Result of(Decoder model, int[] ids, int ctx) {
        if (ids.length < 2) throw new IllegalArgumentException("need at least 2 tokens to measure a next-token loss, got " + ids.length);
        if (ctx < 1 || ctx > model.config().maxSeqLen()) {
            throw new IllegalArgumentException("window " + ctx + " is not in 1.." + model.config().maxSeqLen() + " (the model's max_seq_len)");
        }
        model.train(false);
        double sum = 0;
        long n = 0;
        try (Grad.Scope g = Grad.off()) {
            for (int start = 0; start < ids.length - 1; start += ctx) {
                int t = Math.min(ctx, ids.length - 1 - start);
                int[] in = Arrays.copyOfRange(ids, start, start + t), tg = Arrays.copyOfRange(ids, start + 1, start + 1 + t);
                try (Tape tape = Tape.open()) {
                    sum += model.loss(in, tg, SequenceLayout.plain(1, t), 1f).item();
                }
                n += t;
            }
        }
        return new Result(n, sum / n);
    }
}
