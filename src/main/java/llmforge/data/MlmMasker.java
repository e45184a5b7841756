package llmforge.data;

import llmforge.tensor.Tensor;
import llmforge.tokenizer.SpecialToken;
import llmforge.tokenizer.WordPieceTokenizer;

import java.util.SplittableRandom;

/**
 * Dynamic masking for masked-language-model training (BERT): each maskable token (or, with whole-word masking,
 * each word: a piece plus its following {@code ##} continuations) is chosen with probability {@code maskProb};
 * a chosen token becomes [MASK] 80 % of the time, a random non-special token 10 %, and stays 10 %. Labels hold
 * the original id at chosen positions and {@link #IGNORE} elsewhere, so the loss sees only chosen tokens.
 * Special tokens ([CLS], [SEP], [PAD] ...) are never chosen. Deterministic for a given seed.
 */
public final class MlmMasker {
    public static final int IGNORE = -100;

    private final int maskId;
    private final boolean[] special;
    private final boolean[] continuation;
    private final int[] randomPool;
    private final double maskProb;
    private final boolean wholeWord;

    /** The inputs to feed the model and the labels for the loss. */
    public record Masked(int[] inputs, int[] labels) {
        public int maskedCount() {
            int n = 0;
            for (int l : labels) if (l != IGNORE) n++;
            return n;
        }
    }

    /**
     * @param special      per vocabulary id: never masked and never used as a random replacement
     * @param continuation per vocabulary id: a word continuation piece ({@code ##...}), for whole-word masking
     */
    public MlmMasker(int maskId, boolean[] special, boolean[] continuation, double maskProb, boolean wholeWord) {
        if (maskProb <= 0 || maskProb >= 1) throw new IllegalArgumentException("mask probability must be in (0, 1), got " + maskProb);
        if (special.length != continuation.length) throw new IllegalArgumentException("special and continuation tables differ in size");
        this.maskId = maskId;
        this.special = special.clone();
        this.continuation = continuation.clone();
        this.maskProb = maskProb;
        this.wholeWord = wholeWord;
        int n = 0;
        for (boolean s : special) if (!s) n++;
        randomPool = new int[n];
        for (int i = 0, j = 0; i < special.length; i++) if (!special[i]) randomPool[j++] = i;
    }

    /** The standard BERT setup (15 %) for a WordPiece vocabulary. */
    public static MlmMasker forTokenizer(WordPieceTokenizer tok, double maskProb, boolean wholeWord) {
        int v = tok.vocabSize();
        boolean[] special = new boolean[v], cont = new boolean[v];
        for (SpecialToken s : tok.specialTokens()) special[s.id()] = true;
        for (int i = 0; i < v; i++) cont[i] = tok.token(i).startsWith(WordPieceTokenizer.PREFIX);
        int mask = tok.tokenId(WordPieceTokenizer.MASK);
        if (mask < 0) throw new IllegalArgumentException("the tokenizer has no " + WordPieceTokenizer.MASK + " token");
        return new MlmMasker(mask, special, cont, maskProb, wholeWord);
    }

    /** Masks {@code ids} (any flat batch; special/padding tokens stay as they are). */
    public Masked mask(int[] ids, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] in = ids.clone(), labels = new int[ids.length];
        java.util.Arrays.fill(labels, IGNORE);
        boolean chosen = false;
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            if (id < 0 || id >= special.length) throw new IllegalArgumentException("token id " + id + " at " + i + " is outside the vocabulary");
            if (special[id]) { chosen = false; continue; }
            boolean startsWord = !wholeWord || !continuation[id] || i == 0 || special[ids[i - 1]];
            if (startsWord) chosen = r.nextDouble() < maskProb;
            if (!chosen) continue;
            labels[i] = id;
            double u = r.nextDouble();
            if (u < 0.8) in[i] = maskId;
            else if (u < 0.9) in[i] = randomPool[r.nextInt(randomPool.length)];
        }
        return new Masked(in, labels);
    }

    /** Share of labelled positions whose arg-max logit is the label; logits (N, V), labels N. NaN if none. */
    public static double accuracy(Tensor logits, int[] labels) {
        int v = logits.dim(-1);
        float[] l = logits.toFloatArray();
        if (l.length != (long) labels.length * v) throw new IllegalArgumentException("logits do not match " + labels.length + " labels");
        int right = 0, total = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == IGNORE) continue;
            int best = 0;
            for (int j = 1; j < v; j++) if (l[i * v + j] > l[i * v + best]) best = j;
            total++;
            if (best == labels[i]) right++;
        }
        return total == 0 ? Double.NaN : (double) right / total;
    }
}
