package llmforge.tokenizer;

import llmforge.io.UserException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a byte-level BPE vocabulary: ids 0.. are the special tokens, then the 256 bytes, then one token per
 * merge, until {@code vocabSize} tokens exist or no pair is frequent enough.
 */
public final class BpeTrainer {
    /**
     * @param vocabSize     the number of tokens wanted, special tokens and the 256 bytes included
     * @param minFrequency  a pair seen fewer times than this is never merged
     * @param preTokenizer  the split ({@code PreTokenizer.named("gpt2")} or {@code "llama3"})
     * @param specialTokens reserved up front, ids 0, 1, ...
     */
    public record Options(int vocabSize, long minFrequency, PreTokenizer preTokenizer, List<String> specialTokens) {
        public Options {
            specialTokens = List.copyOf(specialTokens);
            if (vocabSize < 256 + specialTokens.size()) {
                throw new UserException("vocabulary size " + vocabSize + " is smaller than the 256-byte alphabet plus "
                        + specialTokens.size() + " special tokens (" + (256 + specialTokens.size()) + ")");
            }
            if (minFrequency < 1) throw new UserException("minimum pair frequency must be at least 1, got " + minFrequency);
        }
    }

    private BpeTrainer() {}

    /** Trains on the corpus; {@code progress} sees the bytes read, then the merges made. */
    public static ByteLevelBpeTokenizer train(TrainingCorpus corpus, Options o, TrainingProgress progress) {
        List<SpecialToken> specials = new ArrayList<>();
        for (String s : o.specialTokens()) specials.add(new SpecialToken(s, specials.size()));
        WordCounter counter = WordCounter.byteLevel(o.preTokenizer(), specials);
        progress.startReading(corpus.sizeOnDisk());
        long[] docs = {0};
        corpus.forEachDocument(d -> { counter.add(d); docs[0]++; }, progress::read);
        Map<String, long[]> wordCounts = counter.counts();
        if (wordCounts.isEmpty()) throw new UserException("the training corpus is empty: no text in " + corpus.files());
        return fromWordCounts(wordCounts, o, specials, progress);
    }

    /** Trains on in-memory texts (tests, small jobs). */
    public static ByteLevelBpeTokenizer train(List<String> texts, Options o) {
        List<SpecialToken> specials = new ArrayList<>();
        for (String s : o.specialTokens()) specials.add(new SpecialToken(s, specials.size()));
        WordCounter counter = WordCounter.byteLevel(o.preTokenizer(), specials);
        texts.forEach(counter::add);
        Map<String, long[]> wordCounts = counter.counts();
        if (wordCounts.isEmpty()) throw new UserException("the training corpus is empty");
        return fromWordCounts(wordCounts, o, specials, TrainingProgress.SILENT);
    }

    private static ByteLevelBpeTokenizer fromWordCounts(Map<String, long[]> wordCounts, Options o,
                                                        List<SpecialToken> specials, TrainingProgress progress) {
        int base = specials.size();
        // sorted words make the run independent of hash-map order
        List<String> keys = new ArrayList<>(wordCounts.keySet());
        keys.sort(null);
        int[][] words = new int[keys.size()][];
        long[] counts = new long[keys.size()];
        for (int w = 0; w < keys.size(); w++) {
            String k = keys.get(w);
            int[] s = new int[k.length()];
            for (int i = 0; i < s.length; i++) s[i] = base + k.charAt(i);
            words[w] = s;
            counts[w] = wordCounts.get(k)[0];
        }
        List<byte[]> tokens = new ArrayList<>();
        for (SpecialToken s : specials) tokens.add(null);
        for (int b = 0; b < 256; b++) tokens.add(new byte[] {(byte) b});
        Map<String, Integer> idOf = new HashMap<>();
        for (int b = 0; b < 256; b++) idOf.put(String.valueOf((char) b), base + b);
        PairMerger.Vocabulary vocab = new PairMerger.Vocabulary() {
            @Override public int merged(int left, int right) {
                byte[] joined = BpeModel.concat(tokens.get(left), tokens.get(right));
                return idOf.computeIfAbsent(BpeModel.key(joined, 0, joined.length), k -> {
                    tokens.add(joined);
                    return tokens.size() - 1;
                });
            }

            @Override public boolean full() { return tokens.size() >= o.vocabSize(); }
        };
        progress.startMerging(o.vocabSize() - tokens.size());
        List<int[]> merges = new PairMerger(words, counts).run(vocab, o.minFrequency(), progress::merged);
        progress.done();
        byte[][] all = tokens.toArray(new byte[0][]);
        for (SpecialToken s : specials) all[s.id()] = s.content().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new ByteLevelBpeTokenizer(new BpeModel(all, merges, false), o.preTokenizer(), false, specials);
    }
}
