package llmforge.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The core of BPE training, shared by byte-level BPE and WordPiece: words are symbol sequences with counts;
 * repeatedly the most frequent adjacent pair (ties: smallest left id, then right id) is merged into one symbol.
 * Pair counts are updated incrementally, only in the words that hold the merged pair (an index from pair to
 * words), and the best pair comes from a max-heap whose stale entries are corrected when popped.
 */
final class PairMerger {
    /** Names the symbol a merge makes (a new id, or an existing one when the joined text is already a token). */
    interface Vocabulary {
        int merged(int left, int right);

        boolean full();
    }

    private record Candidate(long count, int left, int right) {}

    private final int[][] words;
    private final long[] counts;
    private final LongLongHashMap pairCounts = new LongLongHashMap(1 << 16);
    private final Map<Long, IntList> wordsWithPair = new HashMap<>();
    private final PriorityQueue<Candidate> heap = new PriorityQueue<>((x, y) -> x.count != y.count
            ? Long.compare(y.count, x.count) : x.left != y.left ? Integer.compare(x.left, y.left)
            : Integer.compare(x.right, y.right));

    PairMerger(int[][] words, long[] counts) {
        this.words = words;
        this.counts = counts;
        for (int w = 0; w < words.length; w++) {
            int[] s = words[w];
            for (int i = 0; i + 1 < s.length; i++) {
                long p = LongLongHashMap.pair(s[i], s[i + 1]);
                pairCounts.add(p, counts[w]);
                index(p, w);
            }
        }
        pairCounts.forEach((p, c) -> {
            heap.add(new Candidate(c, LongLongHashMap.left(p), LongLongHashMap.right(p)));
            return 0;
        });
    }

    /**
     * Merges until the vocabulary is full or no pair occurs {@code minFrequency} times.
     *
     * @return the merges made, as (left, right) symbol pairs in order
     */
    List<int[]> run(Vocabulary vocab, long minFrequency, Runnable onMerge) {
        List<int[]> merges = new ArrayList<>();
        int[] seen = new int[words.length];
        int stamp = 0;
        while (!vocab.full() && !heap.isEmpty()) {
            Candidate top = heap.poll();
            long key = LongLongHashMap.pair(top.left, top.right);
            long current = pairCounts.get(key, 0);
            if (current != top.count) {
                if (current > 0) heap.add(new Candidate(current, top.left, top.right));
                continue;
            }
            if (current < minFrequency) break;
            int made = vocab.merged(top.left, top.right);
            merges.add(new int[] {top.left, top.right});
            stamp++;
            List<Long> grown = new ArrayList<>();
            IntList holders = wordsWithPair.remove(key);
            for (int h = 0; h < holders.size(); h++) {
                int w = holders.get(h);
                if (seen[w] == stamp) continue;
                seen[w] = stamp;
                replace(w, top.left, top.right, made, grown);
            }
            for (long p : grown) {
                long c = pairCounts.get(p, 0);
                if (c > 0) heap.add(new Candidate(c, LongLongHashMap.left(p), LongLongHashMap.right(p)));
            }
            onMerge.run();
        }
        return merges;
    }

    /** Rewrites word {@code w} with every (left, right) joined into {@code made}, keeping pair counts exact. */
    private void replace(int w, int left, int right, int made, List<Long> grown) {
        int[] s = words[w];
        int n = s.length;
        int[] out = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (i + 1 < n && s[i] == left && s[i + 1] == right) { out[m++] = made; i++; }
            else out[m++] = s[i];
        }
        if (m == n) return; // a stale index entry: the pair is no longer in this word
        long c = counts[w];
        for (int i = 0; i + 1 < n; i++) pairCounts.add(LongLongHashMap.pair(s[i], s[i + 1]), -c);
        int[] ns = java.util.Arrays.copyOf(out, m);
        for (int i = 0; i + 1 < m; i++) {
            long p = LongLongHashMap.pair(ns[i], ns[i + 1]);
            pairCounts.add(p, c);
            if (ns[i] == made || ns[i + 1] == made) {
                index(p, w);
                grown.add(p);
            }
        }
        words[w] = ns;
    }

    private void index(long pair, int w) {
        IntList l = wordsWithPair.computeIfAbsent(pair, k -> new IntList(2));
        if (l.size() == 0 || l.get(l.size() - 1) != w) l.add(w);
    }
}
