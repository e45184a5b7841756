package llmforge.train.ppo;

import llmforge.autograd.Ops;
import llmforge.model.Decoder;
import llmforge.nn.SequenceLayout;
import llmforge.tensor.Tensor;

import java.util.List;

/**
 * Prompt + response rows laid out for one teacher-forced forward: prompts left-padded to {@code promptWidth}
 * (padding is its own attention document, positions restart at the first real token, as in generation),
 * responses right-padded to {@code width}. The last response token is never an input, so a row holds
 * promptWidth + width − 1 ids. Response token j is predicted at position promptWidth − 1 + j, where the value
 * head also reads the state it is chosen in.
 *
 * @param targets response ids, (B·width), −100 on padding
 * @param mask    1 on response tokens, 0 on padding, (B·width)
 */
public record Sequences(int batch, int promptWidth, int width, int[] ids, SequenceLayout layout, int[] targets,
                        float[] mask, int[] lengths) {
    public static final int IGNORE = -100;

    public static Sequences of(List<int[]> prompts, List<int[]> responses) {
        int b = prompts.size(), p = 0, r = 0;
        for (int i = 0; i < b; i++) {
            p = Math.max(p, prompts.get(i).length);
            r = Math.max(r, responses.get(i).length);
        }
        int t = p + r - 1;
        int[] ids = new int[b * t], pos = new int[b * t], docs = new int[b * t], targets = new int[b * r], lengths = new int[b];
        float[] mask = new float[b * r];
        boolean padded = false;
        for (int i = 0; i < b; i++) {
            int[] pr = prompts.get(i), re = responses.get(i);
            int pad = p - pr.length;
            padded |= pad > 0;
            System.arraycopy(pr, 0, ids, i * t + pad, pr.length);
            System.arraycopy(re, 0, ids, i * t + p, Math.min(re.length, r - 1));
            for (int k = 0; k < t; k++) {
                pos[i * t + k] = Math.max(0, k - pad);
                docs[i * t + k] = k < pad ? 0 : 1;
            }
            lengths[i] = re.length;
            for (int j = 0; j < r; j++) {
                targets[i * r + j] = j < re.length ? re[j] : IGNORE;
                mask[i * r + j] = j < re.length ? 1f : 0f;
            }
        }
        return new Sequences(b, p, r, ids, new SequenceLayout(b, t, pos, padded ? docs : null), targets, mask, lengths);
    }

    /** The model's hidden states at the positions that predict each response token: (B, width, C). */
    public Tensor responseHidden(Decoder model) {
        Tensor h = model.hidden(ids, layout);
        return Ops.contiguous(Ops.slice(h, 1, promptWidth - 1, promptWidth - 1 + width));
    }

    /** log π(response token) at every response position, (B·width), 0 on padding; logits go to {@code logitsOut[0]}. */
    public Tensor logProbs(Decoder model, Tensor responseHidden, Tensor[] logitsOut) {
        Tensor logits = Ops.reshape(model.logits(responseHidden), batch * width, model.config().vocabSize());
        if (logitsOut != null) logitsOut[0] = logits;
        return Ops.targetLogProbs(logits, targets, IGNORE);
    }

    /** Row-wise per-token arrays (row b valid up to lengths[b]) flattened to (B·width), zero-padded. */
    public float[] flat(float[][] rows) {
        float[] out = new float[batch * width];
        for (int b = 0; b < batch; b++) System.arraycopy(rows[b], 0, out, b * width, lengths[b]);
        return out;
    }

    /** The inverse of {@link #flat}: (B·width) back to rows of each response's length. */
    public float[][] rows(float[] flat) {
        float[][] out = new float[batch][];
        for (int b = 0; b < batch; b++) out[b] = java.util.Arrays.copyOfRange(flat, b * width, b * width + lengths[b]);
        return out;
    }
}
