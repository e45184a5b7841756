package llmforge.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Exact then near-duplicate detection over a stream of texts (first pass of a two-pass dedup: the caller re-reads
 * its input and keeps the documents marked kept). Hashing and sketching run on worker threads; the verdicts do not
 * depend on the thread count.
 */
public final class DuplicateFinder {
    /**
     * @param keptAs   for each document, its own index when kept, else the index of the kept document it duplicates
     * @param exact    for each document, whether it was removed as an exact duplicate
     * @param nearPairs confirmed near-duplicate pairs, in document indices
     */
    public record Verdicts(int[] keptAs, boolean[] exact, List<NearDuplicateIndex.Pair> nearPairs) {
        public int size() { return keptAs.length; }

        public boolean kept(int i) { return keptAs[i] == i; }

        public long exactRemoved() {
            long n = 0;
            for (boolean b : exact) if (b) n++;
            return n;
        }

        public long nearRemoved() { return size() - exactRemoved() - keptCount(); }

        public long keptCount() {
            long n = 0;
            for (int i = 0; i < keptAs.length; i++) if (keptAs[i] == i) n++;
            return n;
        }
    }

    private record Hashed(ExactDeduplicator.Key key, MinHasher.Sketch sketch) {}

    private final DedupConfig cfg;
    private final int threads;

    public DuplicateFinder(DedupConfig cfg, int threads) {
        this.cfg = cfg;
        this.threads = threads;
    }

    /** @param texts returns null at the end; @param onEach called after each document (progress) */
    public Verdicts find(Supplier<String> texts, Runnable onEach) {
        MinHasher hasher = new MinHasher(cfg);
        ExactDeduplicator exact = new ExactDeduplicator();
        NearDuplicateIndex near = new NearDuplicateIndex(cfg);
        List<Integer> keptAs = new ArrayList<>();
        List<Integer> nearToDoc = new ArrayList<>();
        OrderedParallelMap.run(texts, threads,
                text -> new Hashed(cfg.exact() ? ExactDeduplicator.key(text) : null, cfg.near() ? hasher.sketch(text) : null),
                h -> {
                    int doc = keptAs.size();
                    int prev = h.key() == null ? -1 : exact.add(h.key());
                    if (prev >= 0) {
                        keptAs.add(prev);
                    } else {
                        keptAs.add(doc);
                        if (h.sketch() != null) { near.add(h.sketch()); nearToDoc.add(doc); }
                    }
                    onEach.run();
                });
        int n = keptAs.size();
        int[] kept = new int[n];
        boolean[] isExact = new boolean[n];
        for (int i = 0; i < n; i++) { kept[i] = keptAs.get(i); isExact[i] = kept[i] != i; }
        List<NearDuplicateIndex.Pair> pairs = new ArrayList<>();
        if (cfg.near()) {
            NearDuplicateIndex.Result r = near.cluster();
            for (int j = 0; j < r.clusterOf().length; j++) kept[nearToDoc.get(j)] = nearToDoc.get(r.clusterOf()[j]);
            for (var p : r.pairs()) pairs.add(new NearDuplicateIndex.Pair(nearToDoc.get(p.first()), nearToDoc.get(p.second()), p.jaccard()));
        }
        return new Verdicts(kept, isExact, pairs);
    }
}
