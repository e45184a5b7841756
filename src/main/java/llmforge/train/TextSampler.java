package llmforge.train;

import llmforge.autograd.Grad;
import llmforge.autograd.Tape;
import llmforge.model.Decoder;
import llmforge.nn.SequenceLayout;
import llmforge.tensor.Tensor;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The run report's sample generations: greedy (temperature 0) or temperature sampling by recomputing the whole
 * context for every new token. Slow but obviously right; {@link #generate} is the one call a KV-cache generator
 * ({@code llmforge.generate}) replaces.
 */
public final class TextSampler {
    private final Decoder model;

    public TextSampler(Decoder model) { this.model = model; }

    /** Up to {@code maxNew} tokens after {@code prompt}, stopping after {@code stopId}; deterministic for a seed. */
    public int[] generate(int[] prompt, int maxNew, double temperature, long seed, int stopId) {
        int ctx = model.config().maxSeqLen(), vocab = model.config().vocabSize();
        int[] ids = Arrays.copyOf(prompt, prompt.length + maxNew);
        int len = prompt.length;
        SplittableRandom rng = new SplittableRandom(seed);
        try (Grad.Scope g = Grad.off()) {
            while (len < ids.length) {
                int from = Math.max(0, len - ctx), t = len - from;
                float[] logits;
                try (Tape tape = Tape.open()) {
                    Tensor all = model.logits(Arrays.copyOfRange(ids, from, len), SequenceLayout.plain(1, t));
                    logits = all.view(t, vocab).select0(t - 1).contiguousCopy().toFloatArray();
                }
                int next = temperature <= 0 ? argmax(logits) : sample(logits, temperature, rng);
                ids[len++] = next;
                if (next == stopId) break;
            }
        }
        return Arrays.copyOfRange(ids, prompt.length, len);
    }

    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }

    static int sample(float[] logits, double temperature, SplittableRandom rng) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) max = Math.max(max, v);
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp((logits[i] - max) / temperature);
        double u = rng.nextDouble() * sum;
        for (int i = 0; i < p.length; i++) {
            u -= p[i];
            if (u <= 0) return i;
        }
        return p.length - 1;
    }
}
