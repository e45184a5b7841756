package llmforge.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random documents with planted near duplicates, for the dedup benchmark and its accuracy test: each planted copy is
 * its original with a chosen number of words replaced, which spreads the pairs' Jaccard similarities from 1 down to
 * well below any useful threshold.
 */
public final class SyntheticCorpus {
    /** {@code planted} holds {@code {original, copy}} index pairs. */
    public record Corpus(List<String> texts, List<int[]> planted) {}

    private final String[] vocab;
    private final SplittableRandom rnd;

    public SyntheticCorpus(long seed) {
        rnd = new SplittableRandom(seed);
        vocab = new String[30_000];
        for (int i = 0; i < vocab.length; i++) {
            int len = 2 + rnd.nextInt(8);
            StringBuilder w = new StringBuilder(len);
            for (int k = 0; k < len; k++) w.append((char) ('a' + rnd.nextInt(26)));
            vocab[i] = w.toString();
        }
    }

    /**
     * @param docs          documents in all
     * @param copyShare     share of documents that are edited copies of an earlier one
     * @param words         words per document (~6 bytes each)
     * @param maxEditShare  each copy has a uniform share in [0, maxEditShare] of its words replaced
     */
    public Corpus generate(int docs, double copyShare, int words, double maxEditShare) {
        List<String[]> bodies = new ArrayList<>(docs);
        List<int[]> planted = new ArrayList<>();
        List<Integer> uncopied = new ArrayList<>();   // originals not yet copied: each is copied at most once
        for (int i = 0; i < docs; i++) {
            if (!uncopied.isEmpty() && rnd.nextDouble() < copyShare) {
                int pick = rnd.nextInt(uncopied.size());
                int orig = uncopied.get(pick);
                uncopied.set(pick, uncopied.getLast());
                uncopied.removeLast();
                String[] w = bodies.get(orig).clone();
                int edits = (int) Math.round(rnd.nextDouble() * maxEditShare * w.length);
                for (int e = 0; e < edits; e++) w[rnd.nextInt(w.length)] = word();
                bodies.add(w);
                planted.add(new int[] {orig, i});
            } else {
                String[] w = new String[words];
                for (int k = 0; k < words; k++) w[k] = word();
                uncopied.add(i);
                bodies.add(w);
            }
        }
        List<String> texts = new ArrayList<>(docs);
        for (String[] b : bodies) texts.add(String.join(" ", b));
        return new Corpus(texts, planted);
    }

    /** Skewed towards frequent words, as natural text is, so random documents share many single words. */
    private String word() {
        double u = rnd.nextDouble();
        return vocab[(int) (vocab.length * u * u * u)];
    }
}
