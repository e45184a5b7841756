package llmforge.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds near-duplicate clusters among sketched documents. Banded LSH proposes candidate pairs (documents that agree
 * on all {@code rows} values of at least one of {@code bands} bands); each candidate is then checked with the exact
 * Jaccard similarity of the shingle sets, so a reported pair is always at or above the threshold. Clusters are the
 * connected components of the confirmed pairs; the document added first is the one a cluster keeps.
 */
public final class NearDuplicateIndex {
    /** A confirmed pair, {@code first < second} in insertion order. */
    public record Pair(int first, int second, double jaccard) {}

    /** {@code clusterOf[i]} is the index of the document that represents i's cluster (i itself when it is kept). */
    public record Result(int[] clusterOf, List<Pair> pairs) {
        public boolean kept(int i) { return clusterOf[i] == i; }

        public int removed() {
            int n = 0;
            for (int i = 0; i < clusterOf.length; i++) if (clusterOf[i] != i) n++;
            return n;
        }
    }

    private final DedupConfig cfg;
    private final List<int[]> signatures = new ArrayList<>();
    private final List<int[]> shingles = new ArrayList<>();

    public NearDuplicateIndex(DedupConfig cfg) { this.cfg = cfg; }

    /** Adds the next document; returns its index. */
    public int add(MinHasher.Sketch sketch) {
        signatures.add(sketch.signature());
        shingles.add(sketch.shingles());
        return signatures.size() - 1;
    }

    public int size() { return signatures.size(); }

    public Result cluster() {
        int n = signatures.size();
        if (n >= 1 << 24) throw new IllegalStateException("near-duplicate index holds at most 16M documents per run");
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        List<Pair> pairs = new ArrayList<>();
        Set<Long> checked = new HashSet<>();
        long[] packed = new long[n];
        for (int band = 0; band < cfg.bands(); band++) {
            // 40 bits of the band's hash, 24 bits of document index: one primitive sort groups each bucket.
            for (int i = 0; i < n; i++) packed[i] = (bandHash(signatures.get(i), band) & ~0xFFFFFFL) | i;
            Arrays.sort(packed);
            for (int start = 0; start < n; ) {
                int end = start + 1;
                while (end < n && (packed[end] >>> 24) == (packed[start] >>> 24)) end++;
                for (int x = start; x < end; x++)
                    for (int y = x + 1; y < end; y++)
                        confirm((int) (packed[x] & 0xFFFFFF), (int) (packed[y] & 0xFFFFFF), parent, checked, pairs);
                start = end;
            }
        }
        int[] clusterOf = new int[n];
        for (int i = 0; i < n; i++) clusterOf[i] = find(parent, i);
        pairs.sort((p, q) -> p.first() != q.first() ? Integer.compare(p.first(), q.first()) : Integer.compare(p.second(), q.second()));
        return new Result(clusterOf, pairs);
    }

    private void confirm(int i, int j, int[] parent, Set<Long> checked, List<Pair> pairs) {
        int lo = Math.min(i, j), hi = Math.max(i, j);
        if (find(parent, lo) == find(parent, hi)) return; // already joined: checking changes nothing
        if (!checked.add(((long) lo << 32) | hi)) return;
        double jac = MinHasher.jaccard(shingles.get(lo), shingles.get(hi));
        if (jac < cfg.threshold()) return;
        pairs.add(new Pair(lo, hi, jac));
        int ri = find(parent, lo), rj = find(parent, hi);
        // the smaller index becomes the root, so every cluster keeps its earliest document
        if (ri < rj) parent[rj] = ri;
        else if (rj < ri) parent[ri] = rj;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private long bandHash(int[] sig, int band) {
        long h = 0x243F6A8885A308D3L + band;
        for (int r = band * cfg.rows(), end = r + cfg.rows(); r < end; r++) h = MinHasher.mix(h ^ (sig[r] & 0xFFFFFFFFL));
        return h;
    }
}
