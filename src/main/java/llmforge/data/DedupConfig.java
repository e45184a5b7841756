package llmforge.data;

/**
 * Deduplication settings. Near duplicates are found by MinHash over shingles (word n-grams, or character n-grams
 * for CJK text), banded LSH to propose candidate pairs, and an exact Jaccard check of each candidate against the
 * threshold. {@code bands * rows} must not exceed {@code numPerm}.
 */
public record DedupConfig(Boolean exact, Boolean near, Integer numPerm, Integer bands, Integer rows,
                          Double threshold, Integer wordNgram, Integer cjkCharNgram, Long seed) {
    public DedupConfig {
        exact = exact == null || exact;
        near = near == null || near;
        numPerm = numPerm == null ? 128 : numPerm;
        bands = bands == null ? 20 : bands;
        rows = rows == null ? 6 : rows;
        threshold = threshold == null ? 0.8 : threshold;
        wordNgram = wordNgram == null ? 5 : wordNgram;
        cjkCharNgram = cjkCharNgram == null ? 5 : cjkCharNgram;
        seed = seed == null ? 42L : seed;
        if (numPerm < 1 || bands < 1 || rows < 1 || bands * rows > numPerm)
            throw new IllegalArgumentException("dedup: bands (" + bands + ") x rows (" + rows
                    + ") must be at least 1 and at most num_perm (" + numPerm + ")");
        if (threshold <= 0 || threshold > 1)
            throw new IllegalArgumentException("dedup: threshold must be in (0, 1], not " + threshold);
        if (wordNgram < 1 || cjkCharNgram < 1)
            throw new IllegalArgumentException("dedup: word_ngram and cjk_char_ngram must be at least 1");
    }

    public static DedupConfig defaults() { return new DedupConfig(null, null, null, null, null, null, null, null, null); }

    public DedupConfig withThreshold(double t) {
        return new DedupConfig(exact, near, numPerm, bands, rows, t, wordNgram, cjkCharNgram, seed);
    }
}
