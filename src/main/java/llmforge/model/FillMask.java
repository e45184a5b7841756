package llmforge.model;

import llmforge.autograd.Grad;
import llmforge.autograd.Ops;
import llmforge.tokenizer.WordPieceTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Masked-token prediction: the top-k vocabulary fillers (with probabilities) for every [MASK] in a text. */
public final class FillMask {
    private FillMask() {}

    public record Candidate(String token, int id, double probability) {}

    /** One list per [MASK] in the text, in order; empty if the text has no [MASK]. */
    public static List<List<Candidate>> predict(Encoder model, WordPieceTokenizer tok, String text, int topK) {
        int maskId = tok.tokenId(WordPieceTokenizer.MASK);
        int[] ids = tok.encodeForModel(text);
        int max = model.config().maxPositions();
        if (ids.length > max) throw new IllegalArgumentException("text is " + ids.length + " tokens, the model takes " + max);
        int v = model.config().vocabSize();
        float[] probs;
        model.train(false);
        try (var g = Grad.off()) {
            EncoderBatch b = new EncoderBatch(ids, null, null, 1, ids.length);
            probs = Ops.softmax(model.mlmLogits(model.hidden(b))).toFloatArray();
        }
        List<List<Candidate>> out = new ArrayList<>();
        for (int pos = 0; pos < ids.length; pos++) {
            if (ids[pos] != maskId) continue;
            final int row = pos * v;
            Integer[] order = new Integer[v];
            for (int i = 0; i < v; i++) order[i] = i;
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -probs[row + i]).thenComparingInt(i -> i));
            List<Candidate> top = new ArrayList<>();
            for (int k = 0; k < Math.min(topK, v); k++) top.add(new Candidate(tok.token(order[k]), order[k], probs[row + order[k]]));
            out.add(top);
        }
        return out;
    }
}
