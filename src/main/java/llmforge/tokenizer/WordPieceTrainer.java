package llmforge.tokenizer;

import llmforge.io.UserException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Trains a WordPiece vocabulary the way the HuggingFace library does, by BPE over characters where every
 * character after a word's first carries the {@code ##} prefix: ids are the five special tokens, then the
 * character alphabet (sorted), then one token per merge.
 */
public final class WordPieceTrainer {
    public record Options(int vocabSize, long minFrequency, boolean lowercase) {}

    private WordPieceTrainer() {}

    public static WordPieceTokenizer train(TrainingCorpus corpus, Options o, TrainingProgress progress) {
        WordCounter counter = counter(o);
        progress.startReading(corpus.sizeOnDisk());
        corpus.forEachDocument(counter::add, progress::read);
        return fromWordCounts(counter.counts(), o, progress);
    }

    public static WordPieceTokenizer train(List<String> texts, Options o) {
        WordCounter counter = counter(o);
        texts.forEach(counter::add);
        return fromWordCounts(counter.counts(), o, TrainingProgress.SILENT);
    }

    private static WordCounter counter(Options o) {
        BertNormalizer normalizer = new BertNormalizer(o.lowercase());
        return new WordCounter((text, sink) -> BertPreTokenizer.split(normalizer.normalize(text), sink));
    }

    private static WordPieceTokenizer fromWordCounts(Map<String, long[]> wordCounts, Options o, TrainingProgress progress) {
        if (wordCounts.isEmpty()) throw new UserException("the training corpus is empty: it holds no words");
        if (o.minFrequency() < 1) throw new UserException("minimum pair frequency must be at least 1, got " + o.minFrequency());
        TreeSet<String> alphabet = new TreeSet<>();
        List<String> keys = new ArrayList<>(wordCounts.keySet());
        keys.sort(null);
        for (String w : keys) {
            int[] cps = w.codePoints().toArray();
            for (int i = 0; i < cps.length; i++) alphabet.add(symbol(cps[i], i > 0));
        }
        List<String> tokens = new ArrayList<>(WordPieceTokenizer.DEFAULT_SPECIALS);
        tokens.addAll(alphabet);
        if (o.vocabSize() < tokens.size()) {
            throw new UserException("vocabulary size " + o.vocabSize() + " is smaller than the corpus's character alphabet ("
                    + alphabet.size() + ") plus " + WordPieceTokenizer.DEFAULT_SPECIALS.size() + " special tokens");
        }
        Map<String, Integer> idOf = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) idOf.put(tokens.get(i), i);
        int[][] words = new int[keys.size()][];
        long[] counts = new long[keys.size()];
        for (int w = 0; w < keys.size(); w++) {
            int[] cps = keys.get(w).codePoints().toArray();
            words[w] = new int[cps.length];
            for (int i = 0; i < cps.length; i++) words[w][i] = idOf.get(symbol(cps[i], i > 0));
            counts[w] = wordCounts.get(keys.get(w))[0];
        }
        PairMerger.Vocabulary vocab = new PairMerger.Vocabulary() {
            @Override public int merged(int left, int right) {
                String r = tokens.get(right);
                String joined = tokens.get(left) + (r.startsWith(WordPieceTokenizer.PREFIX)
                        ? r.substring(WordPieceTokenizer.PREFIX.length()) : r);
                return idOf.computeIfAbsent(joined, k -> {
                    tokens.add(joined);
                    return tokens.size() - 1;
                });
            }

            @Override public boolean full() { return tokens.size() >= o.vocabSize(); }
        };
        progress.startMerging(o.vocabSize() - tokens.size());
        new PairMerger(words, counts).run(vocab, o.minFrequency(), progress::merged);
        progress.done();
        return new WordPieceTokenizer(tokens, o.lowercase());
    }

    private static String symbol(int cp, boolean continuation) {
        String c = new String(Character.toChars(cp));
        return continuation ? WordPieceTokenizer.PREFIX + c : c;
    }
}
