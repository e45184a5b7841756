package llmforge.kernels;

import java.util.Arrays;

/**
 * A mask prepared for tiled kernels: per batch row the running count of valid keys and, for every position,
 * the start and end of its document run. With these a (query tile x key tile) block is classified in O(1) as
 * skipped (nothing visible: not computed at all), full (everything visible: no per-element masking) or partial.
 */
final class AttentionPlan {
    static final int SKIP = 0, PARTIAL = 1, FULL = 2;

    private final boolean causal;
    private final int keys;
    /** Absolute position of query 0 (queries are aligned to the end of the keys). */
    private final int offset;
    private final boolean[] keyValid;
    /** validPrefix[b * (S + 1) + s] = number of valid keys among positions [0, s) of row b. */
    private final int[] validPrefix;
    /** Document run of position s of row b: [runStart, runEnd). */
    private final int[] runStart, runEnd;

    AttentionPlan(AttentionShape sh, AttentionMask mask) {
        mask.check(sh.batch(), sh.queries(), sh.keys());
        int b = sh.batch(), s = sh.keys();
        causal = mask.causal();
        keys = s;
        offset = s - sh.queries();
        keyValid = mask.keyValid();
        if (keyValid != null) {
            validPrefix = new int[b * (s + 1)];
            for (int r = 0; r < b; r++) {
                for (int j = 0; j < s; j++) {
                    validPrefix[r * (s + 1) + j + 1] = validPrefix[r * (s + 1) + j] + (keyValid[r * s + j] ? 1 : 0);
                }
            }
        } else {
            validPrefix = null;
        }
        int[] ids = mask.documentIds();
        if (ids != null) {
            runStart = new int[b * s];
            runEnd = new int[b * s];
            for (int r = 0; r < b; r++) {
                int base = r * s;
                for (int j = 0; j < s; j++) {
                    runStart[base + j] = j > 0 && ids[base + j] == ids[base + j - 1] ? runStart[base + j - 1] : j;
                }
                for (int j = s - 1; j >= 0; j--) {
                    runEnd[base + j] = j < s - 1 && ids[base + j] == ids[base + j + 1] ? runEnd[base + j + 1] : j + 1;
                }
            }
        } else {
            runStart = runEnd = null;
        }
    }

    /** Classifies queries [q0, q1) against keys [k0, k1) of batch row b (both ranges non-empty). */
    int classify(int b, int q0, int q1, int k0, int k1) {
        boolean full = true;
        int pLo = offset + q0, pHi = offset + q1 - 1;
        if (causal) {
            if (k0 > pHi) return SKIP;
            if (k1 - 1 > pLo) full = false;
        }
        if (validPrefix != null) {
            int base = b * (keys + 1);
            int count = validPrefix[base + k1] - validPrefix[base + k0];
            if (count == 0) return SKIP;
            if (count != k1 - k0) full = false;
        }
        if (runStart != null) {
            int base = b * keys;
            int lo = runStart[base + pLo], hi = runEnd[base + pHi];
            // the query tile's documents cover exactly the positions [lo, hi)
            if (k1 <= lo || k0 >= hi) return SKIP;
            if (lo != runStart[base + pHi] || k0 < lo || k1 > runEnd[base + pLo]) full = false;
        }
        return full ? FULL : PARTIAL;
    }

    /**
     * Sets scores of hidden pairs to -infinity in a tile s[rows x width] (row stride ld) holding queries from q0
     * and keys from k0, of which only the first {@code nk} columns are real keys; per-element checks only when
     * the tile is PARTIAL.
     */
    void mask(int cls, int b, int q0, int rows, int k0, int nk, int width, float[] s, int ld) {
        float ninf = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < rows; i++) {
            int row = i * ld;
            if (nk < width) Arrays.fill(s, row + nk, row + width, ninf);
            if (cls == FULL) continue;
            int p = offset + q0 + i;
            int limit = causal ? Math.min(nk, p - k0 + 1) : nk;
            for (int j = Math.max(limit, 0); j < nk; j++) s[row + j] = ninf;
            if (keyValid == null && runStart == null) continue;
            int doc = runStart == null ? 0 : runStart[b * keys + p];
            for (int j = 0; j < limit; j++) {
                int key = b * keys + k0 + j;
                if ((keyValid != null && !keyValid[key]) || (runStart != null && runStart[key] != doc)) {
                    s[row + j] = ninf;
                }
            }
        }
    }

    /**
     * Per-element masking of a PARTIAL tile stored key-major: s[j * ld + i] holds key k0 + j (j < nk) against
     * query q0 + i (i < rows); hidden pairs become -infinity.
     */
    void maskKeyMajor(int b, int q0, int rows, int k0, int nk, float[] s, int ld) {
        float ninf = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < nk; j++) {
            int row = j * ld, key = k0 + j, at = b * keys + key;
            if (keyValid != null && !keyValid[at]) {
                Arrays.fill(s, row, row + rows, ninf);
                continue;
            }
            // causal: queries at positions before the key (i < key - offset - q0) do not see it
            int from = causal ? Math.clamp((long) key - offset - q0, 0, rows) : 0;
            Arrays.fill(s, row, row + from, ninf);
            if (runStart == null) continue;
            int doc = runStart[at];
            for (int i = from; i < rows; i++) if (runStart[b * keys + offset + q0 + i] != doc) s[row + i] = ninf;
        }
    }
}
